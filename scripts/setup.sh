#!/bin/sh
# Installs the Debian packages Hinge needs, only those that are missing.
# Called by `make qemu`, `make test` and the other top-level targets, so a
# newcomer on a fresh Debian machine types nothing else. Nothing is fetched
# from anywhere but Debian's archive.
#   gcc/binutils-riscv64-unknown-elf  cross compiler for kernel and user programs
#   picolibc-riscv64-unknown-elf      C library (string functions, printf)
#   qemu-system-misc                  qemu-system-riscv64, the machine we run on
#   opensbi                           the M-mode firmware QEMU boots first
#   libcriterion-dev                  host unit tests
#   gdb-multiarch                     `make gdb`, and the gdb test of `make test`
#   device-tree-compiler              builds the device-tree fixtures of the unit tests
#   python3-matplotlib                `make bench` draws bench/results/*.png (bench/plot.py)
#   librsvg2-bin                      rsvg-convert: make test renders the pictures of a run (docs/pictures.md)
#   gcovr                             `make coverage` turns the kernel's line counts into a report
# `setup.sh paper` (only `make paper` and `make paper-check` ask for it) installs what the paper
# needs instead (paper/README.md), so that nobody else downloads TeX Live:
#   texlive-latex-base, -latex-recommended, -latex-extra   LaTeX, and booktabs, supertabular, subcaption
#   texlive-fonts-recommended                               the Times-like fonts of IEEEtran
#   texlive-publishers                                      IEEEtran, the two-column conference class
#   latexmk                                                 runs pdflatex and bibtex until references settle
#   poppler-utils                                           pdfinfo and pdftoppm: the page count and the page images of the check
# `--check` (last argument) installs nothing: exit 1 when something is missing
# (scripts/run-tests.sh builds the paper only when TeX Live is already there).
set -e
if [ "$1" = paper ]; then
	PKGS="texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
texlive-publishers latexmk poppler-utils librsvg2-bin python3-matplotlib"
else
	PKGS="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
qemu-system-misc opensbi libcriterion-dev gdb-multiarch device-tree-compiler make gcc python3 python3-matplotlib
librsvg2-bin gcovr"
fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
for a; do [ "$a" = --check ] && exit 1; done
echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
