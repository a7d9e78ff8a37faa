#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/configs.sh - the one-line description of each hypervisor
# configuration, for make help and make's "no such configuration" message.
# It owns nothing else: the descriptions are the configurations' own top
# comments (hyp/config/NAME.c, tests/configs/NAME.c), so they never go stale.
#
#   scripts/configs.sh FILE.c...     prints "  NAME  description" per file
#
# The description is the first sentence of the comment after the SPDX line,
# without its "NAME.c - " (and "test configuration: ") head, cut with "..."
# to fit $WIDTH columns (default 110; the file has the rest); a file without
# one prints "(no description)".
set -eu
WIDTH=${WIDTH:-110}

[ $# -gt 0 ] || exit 0
# One awk for every file: a file's description is printed when the next one
# starts, or at the end.
awk -v width="$WIDTH" '
	function describe(   name, text, line) {
		name = file
		sub(/^.*\//, "", name)
		sub(/\.c$/, "", name)
		text = desc
		gsub(/[ \t]+/, " ", text)
		sub(/^ /, "", text)
		sub("^" name "\\.c - ", "", text)
		sub(/^test configuration: /, "", text) # make help lists them apart
		# The first sentence: up to a full stop followed by a space or the end.
		if (match(text, /\.( |$)/))
			text = substr(text, 1, RSTART)
		sub(/ $/, "", text)
		if (text == "")
			text = "(no description)"
		line = sprintf("  %-22s %s", name, text)
		if (length(line) > width) {
			line = substr(line, 1, width - 3)
			sub(/ [^ ]*$/, "", line)
			line = line "..."
		}
		print line
	}
	FNR == 1 {
		if (NR > 1)
			describe()
		file = FILENAME; desc = ""; started = 0; done = 0
	}
	# The first comment that is not the SPDX line, joined into one line.
	!done && !started && /\/\*/ && !/SPDX-License-Identifier/ { started = 1 }
	started && !done {
		line = $0
		done = sub(/\*\/.*/, "", line)
		sub(/^[ \t]*\/?\*+[ \t]?/, "", line)
		desc = desc " " line
	}
	END { if (NR > 0) describe() }' "$@"
