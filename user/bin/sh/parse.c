/* SPDX-License-Identifier: MIT */
/*
 * parse.c - the shell's lexer and parser: one line of text into an
 * sh_line. Grammar:
 *
 *   line     := [pipeline ((';' | '&') pipeline)* [';' | '&']]
 *   pipeline := command ('|' command)*
 *   command  := (word | '<' word | '>' word | '>>' word)+
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sh.h"

#define OPERATOR_CHARS "|<>&;"

struct lexer {
	const char *p; /* next input byte */
	char *out;     /* next free byte in sh_line.words */
};

struct parser {
	struct sh_line *ln;
	int pos; /* next token */
	char *err;
	size_t errlen;
};

/* Copy one word (quotes and backslashes resolved) into the words buffer. */
static int lex_word(struct lexer *lx, struct sh_token *t, char *err, size_t errlen)
{
	t->kind = TK_WORD;
	t->word = lx->out;
	while (*lx->p && !isspace((unsigned char)*lx->p) && !strchr(OPERATOR_CHARS, *lx->p)) {
		char c = *lx->p++;
		if (c == '\'' || c == '"') {
			const char *end = strchr(lx->p, c);
			if (end == NULL) {
				snprintf(err, errlen, "unterminated %c quote", c);
				return -1;
			}
			memcpy(lx->out, lx->p, (size_t)(end - lx->p));
			lx->out += end - lx->p;
			lx->p = end + 1;
		} else if (c == '\\' && *lx->p) {
			*lx->out++ = *lx->p++;
		} else {
			*lx->out++ = c;
		}
	}
	*lx->out++ = '\0';
	return 0;
}

/* An operator at lx->p; two bytes for ">>". */
static void lex_operator(struct lexer *lx, struct sh_token *t)
{
	char c = *lx->p++;

	t->word = NULL;
	switch (c) {
	case '|':
		t->kind = TK_PIPE;
		break;
	case '<':
		t->kind = TK_IN;
		break;
	case '&':
		t->kind = TK_AMP;
		break;
	case ';':
		t->kind = TK_SEMI;
		break;
	default:
		t->kind = TK_OUT;
		if (*lx->p == '>') {
			t->kind = TK_APPEND;
			lx->p++;
		}
	}
}

static int tokenize(const char *text, struct sh_line *ln, char *err, size_t errlen)
{
	struct lexer lx = { text, ln->words };
	int n = 0;

	for (;;) {
		while (isspace((unsigned char)*lx.p))
			lx.p++;
		struct sh_token *t = &ln->toks[n++];
		if (*lx.p == '\0' || *lx.p == '#') { /* end, or a comment to the end */
			t->kind = TK_END;
			return 0;
		}
		if (strchr(OPERATOR_CHARS, *lx.p))
			lex_operator(&lx, t);
		else if (lex_word(&lx, t, err, errlen) < 0)
			return -1;
	}
}

static const char *token_text(const struct sh_token *t)
{
	static const char *const text[] = {
		[TK_WORD] = "word", [TK_PIPE] = "|", [TK_IN] = "<",   [TK_OUT] = ">",
		[TK_APPEND] = ">>", [TK_AMP] = "&",  [TK_SEMI] = ";", [TK_END] = "end of line",
	};

	return t->kind == TK_WORD ? t->word : text[t->kind];
}

static int syntax_error(struct parser *ps)
{
	snprintf(ps->err, ps->errlen, "syntax error near '%s'", token_text(&ps->ln->toks[ps->pos]));
	return -1;
}

static enum sh_token_kind peek(const struct parser *ps)
{
	return ps->ln->toks[ps->pos].kind;
}

/* The word after a redirection operator. */
static int redirection(struct parser *ps, struct sh_cmd *c)
{
	enum sh_token_kind op = peek(ps);

	ps->pos++;
	if (peek(ps) != TK_WORD)
		return syntax_error(ps);
	char *path = ps->ln->toks[ps->pos++].word;
	if (op == TK_IN) {
		c->in = path;
	} else {
		c->out = path;
		c->append = op == TK_APPEND;
	}
	return 0;
}

static int parse_command(struct parser *ps, struct sh_cmd *c)
{
	memset(c, 0, sizeof(*c));
	for (;;) {
		enum sh_token_kind k = peek(ps);
		if (k == TK_WORD) {
			if (c->argc == SH_MAXARGS) {
				snprintf(ps->err, ps->errlen, "too many arguments (max %d)",
					 SH_MAXARGS);
				return -1;
			}
			c->argv[c->argc++] = ps->ln->toks[ps->pos++].word;
		} else if (k == TK_IN || k == TK_OUT || k == TK_APPEND) {
			if (redirection(ps, c) < 0)
				return -1;
		} else {
			break;
		}
	}
	c->argv[c->argc] = NULL;
	if (c->argc == 0 && c->in == NULL && c->out == NULL)
		return syntax_error(ps); /* an empty command: "| x", "a ;; b" */
	return 0;
}

static int parse_pipeline(struct parser *ps)
{
	struct sh_line *ln = ps->ln;
	struct sh_pipeline *pl = &ln->pipes[ln->npipes++];

	pl->first = ln->ncmds;
	pl->background = 0;
	for (;;) {
		if (ln->ncmds == SH_MAXCMDS) {
			snprintf(ps->err, ps->errlen, "too many commands (max %d)", SH_MAXCMDS);
			return -1;
		}
		if (parse_command(ps, &ln->cmds[ln->ncmds++]) < 0)
			return -1;
		if (peek(ps) != TK_PIPE)
			break;
		ps->pos++;
	}
	pl->ncmds = ln->ncmds - pl->first;
	return 0;
}

int sh_parse(const char *text, struct sh_line *ln, char *err, size_t errlen)
{
	struct parser ps = { ln, 0, err, errlen };

	ln->ncmds = ln->npipes = 0;
	if (strlen(text) > SH_LINE_MAX) {
		snprintf(err, errlen, "line too long (max %d bytes)", SH_LINE_MAX);
		return -1;
	}
	if (tokenize(text, ln, err, errlen) < 0)
		return -1;
	while (peek(&ps) != TK_END) {
		if (parse_pipeline(&ps) < 0)
			return -1;
		enum sh_token_kind k = peek(&ps);
		if (k == TK_AMP)
			ln->pipes[ln->npipes - 1].background = 1;
		else if (k != TK_SEMI && k != TK_END)
			return syntax_error(&ps);
		if (k != TK_END)
			ps.pos++;
	}
	return 0;
}
