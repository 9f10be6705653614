#!/usr/bin/env bash
# How documents/ was first made: the organisation's seed text, cut into its six
# documents and imported with `polyglot-docs import`. Kept as a record; running it
# again needs --force and would undo later editorial corrections.
set -euo pipefail
seed=${1:-../shared/seeds/csto-news-2023-and-statement-2021.txt}
line() { sed -n "$1p" "$seed"; }

line 1 | polyglot-docs import - --type news --date 2023-09-20 --place Bishkek \
  --id 2023-09-20-bishkek-counter-terrorism-conference \
  --title "International conference on combating terrorism and extremism held in Bishkek"
line 2 | polyglot-docs import - --type news --date 2023-09-15 --place Moscow \
  --id 2023-09-15-channel-perekhvat-operation \
  --title 'Subregional anti-drug operation "Channel-Perekhvat" carried out in the CSTO member states'
line 3 | polyglot-docs import - --type news --date 2023-09-14 --place Moscow \
  --id 2023-09-14-secretary-general-meets-lavrov \
  --title "CSTO Secretary General meets Russian Foreign Minister Sergei Lavrov"
line 4 | polyglot-docs import - --type news --date 2023-09-07 --place Minsk \
  --id 2023-09-07-chief-narcologists-meeting-minsk \
  --title "Coordination Meeting of Chief Narcologists of the CSTO member states held in Minsk"
line 5 | polyglot-docs import - --type news --date 2023-09-06 --place Bishkek \
  --id 2023-09-06-secretary-general-in-bishkek \
  --title "CSTO Secretary General holds meetings in Bishkek ahead of the sessions of the statutory bodies"
# The statement: its first line is the title, the second its date line (19.05.2021).
sed -n '6,$p' "$seed" | polyglot-docs import - --type statement --place Dushanbe --split line \
  --id 2021-05-19-cfm-statement-nuremberg-judgment
