/* SPDX-License-Identifier: MIT */
/*
 * ls.c - list files: for each argument (default "."), a directory's entries
 * sorted by name, or the file itself; one line each: type (d directory,
 * - file, c device, p pipe), size in bytes, name.
 */
#include "ulib.h"

struct entry {
	char name[DIRSIZ + 1];
};

static void print_one(const char *name, const struct stat *st)
{
	static const char types[] = "?d-cp"; /* indexed by T_* */
	char t = st->type < sizeof(types) - 1 ? types[st->type] : '?';

	printf("%c %8lu %s\n", t, (unsigned long)st->size, name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Read every entry of the open directory fd into a malloc'd array. */
static struct entry *read_entries(int fd, int *count)
{
	struct dirent de[16];
	struct entry *ents = NULL;
	int n = 0, cap = 0;
	long got;

	while ((got = read(fd, de, sizeof(de))) > 0) {
		for (long i = 0; i < got / (long)sizeof(de[0]); i++) {
			if (de[i].ino == 0 || !strcmp(de[i].name, ".") || !strcmp(de[i].name, ".."))
				continue; /* free slot, or the links every directory has */
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				struct entry *bigger = realloc(ents, (size_t)cap * sizeof(*ents));
				if (bigger == NULL)
					die("ls: out of memory\n");
				ents = bigger;
			}
			memcpy(ents[n].name, de[i].name, DIRSIZ);
			ents[n++].name[DIRSIZ] = '\0';
		}
	}
	*count = n;
	return ents;
}

static int list_dir(int fd, const char *path)
{
	int n;
	struct entry *ents = read_entries(fd, &n);
	size_t plen = strlen(path);
	int status = 0;

	qsort(ents, (size_t)n, sizeof(*ents), by_name);
	for (int i = 0; i < n; i++) {
		char full[PATH_MAX_LEN + 1];
		struct stat st;
		const char *sep = (plen && path[plen - 1] == '/') ? "" : "/";
		snprintf(full, sizeof(full), "%s%s%s", path, sep, ents[i].name);
		if (stat(full, &st) < 0) {
			fprintf(2, "ls: %s: %s\n", full, strerror(errno));
			status = 1;
			continue;
		}
		print_one(ents[i].name, &st);
	}
	free(ents);
	return status;
}

/* List path; with several arguments, a directory gets a "path:" header. */
static int ls(const char *path, int headers)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(2, "ls: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	int status = 0;
	if (st.type == T_DIR) {
		if (headers)
			printf("\n%s:\n", path);
		status = list_dir(fd, path);
	} else {
		print_one(path, &st);
	}
	close(fd);
	return status;
}

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2)
		return ls(".", 0);
	for (int i = 1; i < argc; i++)
		status |= ls(argv[i], argc > 2);
	return status;
}
