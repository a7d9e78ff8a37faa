/* SPDX-License-Identifier: MIT */
/*
 * sh.c - the shell: reads lines from the console (prompt "$ " when standard
 * input is the console) or from a script named as argv[1], and runs them:
 * pipelines, redirections, background jobs, the builtins cd and exit, and
 * commands looked up in /bin when the name has no '/'.
 *
 * Interactive, it does job control as far as the kernel has it: each
 * pipeline gets a process group of its own, and a foreground one gets the
 * console while the shell waits, so ^C kills that job and neither the shell
 * (which keeps a group of its own and never takes the console) nor
 * background jobs. ^C at the prompt discards the line: the read returns
 * EINTR and a new prompt follows.
 */
#include "ulib.h"

#include "sh.h"

#define BIN_DIR "/bin/"

struct reader {
	int fd;
	int unbuffered; /* stdin: leave bytes after the line to the commands */
	char buf[512];
	int len, pos;
};

static struct sh_line line; /* static: too big for the 16 KiB stack */
static int script_fd = -1;  /* children must not inherit the script */
static int interactive;
static int last_status;

/* ----- reading lines ----- */

#define BYTE_EOF (-1)
#define BYTE_INTR (-2) /* ^C: the console dropped the line being typed */

static int next_byte(struct reader *r)
{
	if (r->pos == r->len) {
		long n = read(r->fd, r->buf, r->unbuffered ? 1 : sizeof(r->buf));
		if (n < 0 && errno == EINTR)
			return BYTE_INTR;
		if (n <= 0)
			return BYTE_EOF;
		r->len = (int)n;
		r->pos = 0;
	}
	return (unsigned char)r->buf[r->pos++];
}

/* One line without its newline: its length, LINE_EOF at end of input,
 * LINE_LONG if too long, LINE_INTR if ^C dropped it. */
#define LINE_EOF (-1)
#define LINE_LONG (-2)
#define LINE_INTR (-3)

static int read_line(struct reader *r, char *out, int cap)
{
	int n = 0, c = -1, too_long = 0;

	while ((c = next_byte(r)) >= 0 && c != '\n') {
		if (n < cap - 1)
			out[n++] = (char)c;
		else
			too_long = 1; /* drop the rest of the line */
	}
	out[n] = '\0';
	if (c == BYTE_INTR)
		return LINE_INTR;
	if (c < 0 && n == 0 && !too_long)
		return LINE_EOF;
	return too_long ? LINE_LONG : n;
}

/* ----- builtins ----- */

static int is_builtin(const struct sh_cmd *c)
{
	return c->argc > 0 && (!strcmp(c->argv[0], "cd") || !strcmp(c->argv[0], "exit"));
}

static int run_builtin(const struct sh_cmd *c)
{
	if (!strcmp(c->argv[0], "exit"))
		exit(c->argc > 1 ? atoi(c->argv[1]) : last_status);
	const char *dir = c->argc > 1 ? c->argv[1] : "/";
	if (chdir(dir) < 0) {
		fprintf(2, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

/* ----- in the child: file descriptors, then exec ----- */

/* Make fd become target. There is no dup2: dup gives the lowest free fd, which
 * is target once it is closed, as long as the fds below it are open. */
static int move_fd(int fd, int target)
{
	if (fd == target)
		return 0;
	close(target);
	int got = dup(fd);
	close(fd);
	return got == target ? 0 : -1;
}

static void open_onto(const char *path, int flags, int target)
{
	int fd = open(path, flags);

	if (fd < 0)
		die("sh: %s: %s\n", path, strerror(errno));
	if (move_fd(fd, target) < 0)
		die("sh: %s: cannot redirect\n", path);
}

static void redirect(const struct sh_cmd *c)
{
	if (c->in)
		open_onto(c->in, O_RDONLY, 0);
	if (c->out)
		open_onto(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 1);
}

/* A text file that is not an executable: run it as a script, like Unix sh. */
static void exec_script(const char *path, char *const argv[])
{
	char *args[SH_MAXARGS + 2];
	struct stat st;
	int n = 0;

	if (stat(path, &st) < 0 || st.type != T_FILE) {
		errno = ENOEXEC;
		return;
	}
	args[n++] = "sh";
	args[n++] = (char *)path;
	for (int i = 1; argv[i] && n < SH_MAXARGS + 1; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	exec(BIN_DIR "sh", args);
	errno = ENOEXEC; /* report the original problem, not sh's */
}

static void exec_command(char *const argv[]) __attribute__((noreturn));
static void exec_command(char *const argv[])
{
	char path[PATH_MAX_LEN + 1];
	const char *name = argv[0];

	snprintf(path, sizeof(path), "%s%s", strchr(name, '/') ? "" : BIN_DIR, name);
	exec(path, argv);
	if (errno == ENOEXEC)
		exec_script(path, argv);
	if (errno == ENOENT) {
		fprintf(2, "sh: %s: not found\n", name);
		exit(127);
	}
	fprintf(2, "sh: %s: %s\n", name, strerror(errno));
	exit(126);
}

/* ----- job control (interactive only) ----- */

/*
 * Put pid (0: the caller) in the job's group pgid and, for a foreground job,
 * give it the console. The shell does it after fork and the child before it
 * runs anything, so it is done before the command can be interrupted,
 * whichever of the two runs first; the second call changes nothing.
 */
static void join_job(int pid, int pgid, int foreground)
{
	if (!interactive)
		return;
	setpgid(pid, pgid);
	if (foreground)
		tcsetpgrp(0, pgid);
}

/* The job is over: ^C now only discards what is typed at the prompt. */
static void take_console(void)
{
	if (interactive)
		tcsetpgrp(0, 0);
}

/* The child side of one command: stdin from in_fd, stdout to p[1] if set. */
static void run_child(const struct sh_cmd *c, int in_fd, const int p[2]) __attribute__((noreturn));
static void run_child(const struct sh_cmd *c, int in_fd, const int p[2])
{
	if (script_fd >= 0)
		close(script_fd);
	if (p[0] >= 0)
		close(p[0]); /* the next command's end */
	if (in_fd >= 0 && move_fd(in_fd, 0) < 0)
		die("sh: cannot connect a pipe\n");
	if (p[1] >= 0 && move_fd(p[1], 1) < 0)
		die("sh: cannot connect a pipe\n");
	redirect(c);
	if (c->argc == 0) /* only redirections: "> file" creates the file */
		exit(0);
	if (is_builtin(c))
		exit(run_builtin(c));
	exec_command(c->argv);
}

/* ----- in the shell: start and wait ----- */

/* Fork every command of the pipeline, connected by pipes, in one process
 * group (the first command's pid); how many started. */
static int start_all(const struct sh_pipeline *pl, int pids[])
{
	int prev = -1, n = 0, fg = !pl->background;

	for (int i = 0; i < pl->ncmds; i++) {
		int p[2] = { -1, -1 };
		if (i < pl->ncmds - 1 && pipe(p) < 0) {
			fprintf(2, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		int pid = fork();
		if (pid == 0) {
			join_job(0, n ? pids[0] : getpid(), fg);
			run_child(&line.cmds[pl->first + i], prev, p);
		}
		if (pid < 0) {
			fprintf(2, "sh: fork: %s\n", strerror(errno));
			if (p[0] >= 0) {
				close(p[0]);
				close(p[1]);
			}
			break;
		}
		pids[n++] = pid;
		join_job(pid, pids[0], fg);
		if (prev >= 0)
			close(prev);
		if (p[1] >= 0)
			close(p[1]);
		prev = p[0];
	}
	if (prev >= 0)
		close(prev); /* after a failed fork: readers then see end of file */
	return n;
}

/* Wait for all of pids (reaping finished background jobs on the way); the
 * status of the last one. */
static int wait_all(const int pids[], int n)
{
	int left = n, status = 0;

	while (left > 0) {
		int st, w = wait(&st), mine = 0;
		if (w < 0)
			break;
		for (int i = 0; i < n; i++) {
			if (pids[i] == w) {
				mine = 1;
				if (i == n - 1)
					status = st;
			}
		}
		if (mine)
			left--;
		else if (interactive)
			fprintf(2, "[%d] done, status %d\n", w, st);
	}
	return status;
}

static void run_pipeline(const struct sh_pipeline *pl)
{
	const struct sh_cmd *first = &line.cmds[pl->first];
	int pids[SH_MAXCMDS];

	/* cd and exit must run in the shell itself to have an effect. */
	if (pl->ncmds == 1 && !pl->background && is_builtin(first) && !first->in && !first->out) {
		last_status = run_builtin(first);
		return;
	}
	int n = start_all(pl, pids);
	if (n < pl->ncmds)
		last_status = 1;
	if (pl->background) {
		if (n > 0 && interactive)
			fprintf(2, "[%d]\n", pids[n - 1]);
		return;
	}
	int status = wait_all(pids, n);
	take_console();
	if (n == pl->ncmds)
		last_status = status;
}

static void run_text(const char *text)
{
	char err[80];

	if (sh_parse(text, &line, err, sizeof(err)) < 0) {
		fprintf(2, "sh: %s\n", err);
		last_status = 2;
		return;
	}
	for (int i = 0; i < line.npipes; i++)
		run_pipeline(&line.pipes[i]);
}

int main(int argc, char *argv[])
{
	static struct reader rd;
	static char text[SH_LINE_MAX + 1];

	if (argc > 1) {
		script_fd = open(argv[1], O_RDONLY);
		if (script_fd < 0) {
			fprintf(2, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		rd.fd = script_fd;
	} else {
		rd.fd = 0;
		rd.unbuffered = 1;
		interactive = isatty(0);
	}
	if (interactive) { /* a group of our own, so ^C never kills the shell */
		setpgid(0, 0);
		take_console();
	}
	for (;;) {
		if (interactive)
			write(2, "$ ", 2);
		int n = read_line(&rd, text, sizeof(text));
		if (n == LINE_EOF) {
			if (interactive) /* Ctrl-D: end the prompt's line, as for a command */
				write(2, "\n", 1);
			break;
		}
		if (n == LINE_INTR) /* the console echoed ^C and a newline */
			continue;
		if (n == LINE_LONG) {
			fprintf(2, "sh: line too long (max %d bytes)\n", SH_LINE_MAX);
			last_status = 2;
			continue;
		}
		run_text(text);
	}
	return last_status;
}
