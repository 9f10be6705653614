#!/usr/bin/env bash
# Regenerate the sample renderings in docs/images/ from a fresh build.
set -euo pipefail
cd "$(dirname "$0")/.."
polyglot-docs build --format pdf >/dev/null
mkdir -p docs/images
pdftoppm -r 80 -png -f 1 -l 1 -singlefile build/en-ru/2021-05-19-cfm-statement-nuremberg-judgment.pdf \
  docs/images/statement-en-ru-page1
pdftoppm -r 80 -png -f 1 -l 1 -singlefile build/en-kk/2023-09-14-secretary-general-meets-lavrov.pdf \
  docs/images/news-en-kk-page1
pdftoppm -r 80 -png -f 1 -l 1 -singlefile build/hy/2023-09-07-chief-narcologists-meeting-minsk.pdf \
  docs/images/news-hy-page1
pdftoppm -r 80 -png -f 1 -l 1 -singlefile build/be/2021-05-19-cfm-statement-nuremberg-judgment.pdf \
  docs/images/statement-be-page1
pdftoppm -r 80 -png -f 1 -l 1 -singlefile build/ky/2023-09-15-channel-perekhvat-operation.pdf \
  docs/images/news-ky-page1
pdftoppm -r 80 -png -f 1 -l 1 -singlefile build/en-tg/2023-09-06-secretary-general-in-bishkek.pdf \
  docs/images/news-en-tg-page1
