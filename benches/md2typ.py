#!/usr/bin/env python3
"""Writes a manuscript's text as one Typst file, for timing Typst on the same book.

Usage: python3 benches/md2typ.py MANUSCRIPT_DIR OUT.typ

Only what matters for a timing comparison is kept: headings, paragraphs, block quotes and
list items as plain justified text in Spanish on A5 (emphasis markers, footnotes, images
and tables are dropped). Typst's markup characters are escaped.
"""
import pathlib
import re
import sys

PREAMBLE = """#set page(paper: "a5")
#set par(justify: true)
#set text(lang: "es")
"""
SPECIAL = re.compile(r'([\\#$*_<>@\[\]`~/=+\-])')


def escape(text):
    return SPECIAL.sub(r'\\\1', text)


def inline(text):
    text = re.sub(r'\[\^[^\]]+\]', '', text)              # footnote references
    text = re.sub(r'!\[[^\]]*\]\([^)]*\)', '', text)       # images
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', text)   # links keep their text
    text = re.sub(r'<[^>]+>', '', text)                    # raw HTML tags
    text = re.sub(r'(\*\*|\*|__|_|`)', '', text)           # emphasis and code marks
    return escape(text.strip())


def convert(markdown):
    out, paragraph, in_code, in_note = [], [], False, False

    def flush():
        if paragraph:
            out.append(inline(' '.join(paragraph)))
            out.append('')
            paragraph.clear()

    for line in markdown.splitlines():
        if line.startswith('```') or line.startswith('~~~'):
            in_code = not in_code
            flush()
            continue
        if in_code:
            continue
        if re.match(r'\[\^[^\]]+\]:', line):
            flush()
            in_note = True
            continue
        if in_note and (line.startswith('    ') or not line.strip()):
            continue
        in_note = False
        heading = re.match(r'(#{1,6})\s+(.*?)\s*(\{#[^}]*\})?$', line)
        if heading:
            flush()
            out.append('=' * len(heading.group(1)) + ' ' + inline(heading.group(2)))
            out.append('')
        elif not line.strip() or re.match(r'^\s*(\*\*\*|---|\|)', line):
            flush()
        else:
            paragraph.append(re.sub(r'^\s*(>\s*)+|^\s*([-*+]|\d+[.)])\s+(\[[ x]\]\s+)?', '', line))
    flush()
    return '\n'.join(out)


def main():
    root, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    chapters = sorted(p for p in root.glob('*.md'))
    body = '\n'.join(convert(p.read_text(encoding='utf-8')) for p in chapters)
    target.write_text(PREAMBLE + '\n' + body, encoding='utf-8')


if __name__ == '__main__':
    main()
