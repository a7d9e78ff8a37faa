/* SPDX-License-Identifier: MIT */
/*
 * sh.h - the shell's parsed form of one input line: pipelines separated by
 * ';' or '&', each a list of commands joined by '|', each with its argv and
 * redirections. parse.c builds it (no system calls, so it can be tested on
 * the host); sh.c runs it.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>

#define SH_LINE_MAX 512 /* bytes of one input line */
#define SH_MAXARGS 32	/* arguments of one command */
#define SH_MAXCMDS 16	/* commands on one line */

struct sh_cmd {
	char *argv[SH_MAXARGS + 1]; /* NULL-terminated */
	int argc;
	char *in;   /* "< path", or NULL */
	char *out;  /* "> path" or ">> path", or NULL */
	int append; /* out was given with >> */
};

struct sh_pipeline {
	int first; /* index of its first command in sh_line.cmds */
	int ncmds;
	int background; /* ended with '&': do not wait for it */
};

enum sh_token_kind { TK_WORD, TK_PIPE, TK_IN, TK_OUT, TK_APPEND, TK_AMP, TK_SEMI, TK_END };

struct sh_token {
	enum sh_token_kind kind;
	char *word; /* TK_WORD: points into sh_line.words */
};

struct sh_line {
	struct sh_cmd cmds[SH_MAXCMDS];
	int ncmds;
	struct sh_pipeline pipes[SH_MAXCMDS];
	int npipes;
	/* Scratch space: every input byte makes at most one token and one word byte. */
	struct sh_token toks[SH_LINE_MAX + 1];
	char words[2 * SH_LINE_MAX + 2];
};

/*
 * Parse one line (without its newline) into ln: 0, or -1 with a message in
 * err. Words may be quoted with '...' or "..." (taken literally) and a
 * backslash quotes the next byte; '#' at the start of a word begins a comment.
 */
int sh_parse(const char *text, struct sh_line *ln, char *err, size_t errlen);

#endif
