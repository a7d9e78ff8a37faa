/* SPDX-License-Identifier: MIT */
/*
 * t_dir.c - directory tests: mkdir and unlink rules, name and path length
 * limits, directories refusing writes, chdir with relative paths, and
 * listing a directory by reading its fd.
 */
#include "ut.h"

#define D1 UT_PREFIX "dir"

/* Leftovers of an earlier, failed run would fail mkdir; remove them quietly. */
static void clean(void)
{
	static const char *const paths[] = { D1 "/f", D1 "/sub", D1 "/a", D1 "/bb", D1 "/ccc", D1 };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		sys_unlink(paths[i]);
}

int t_dir_rules(void)
{
	struct stat st;

	clean();
	EXPECT(sys_mkdir(D1), 0);
	EXPECT(sys_mkdir(D1), -EEXIST);
	EXPECT(stat(D1, &st), 0);
	EXPECT(st.type, T_DIR);
	EXPECT(ut_write_file(D1 "/f", "x", 1), 0);
	EXPECT(sys_unlink(D1), -ENOTEMPTY);
	EXPECT(sys_mkdir(D1 "/f"), -EEXIST);
	EXPECT(sys_open(D1 "/f/g", O_CREAT | O_RDWR), -ENOTDIR); /* f is a file */
	EXPECT(sys_mkdir(D1 "/f/g"), -ENOTDIR);
	EXPECT(sys_unlink(D1 "/f"), 0);
	EXPECT(sys_unlink(D1 "/f"), -ENOENT);
	EXPECT(sys_open(UT_PREFIX "nodir/f", O_CREAT | O_RDWR), -ENOENT);
	EXPECT(sys_mkdir(UT_PREFIX "nodir/d"), -ENOENT);
	EXPECT(sys_open("", O_RDONLY), -ENOENT);
	EXPECT_ERR(sys_unlink(D1 "/."));
	EXPECT_ERR(sys_unlink(D1 "/.."));
	EXPECT_ERR(sys_unlink("/"));
	EXPECT(sys_unlink(D1), 0);
	EXPECT(sys_open(D1, O_RDONLY), -ENOENT);
	return 0;
}

int t_names(void)
{
	char name[DIRSIZ + 2], path[PATH_MAX_LEN + 20];

	memset(name, 'n', DIRSIZ); /* the longest name works */
	name[DIRSIZ] = '\0';
	memcpy(name, UT_PREFIX, strlen(UT_PREFIX));
	EXPECT(ut_write_file(name, "x", 1), 0);
	EXPECT(stat(name, &(struct stat){ 0 }), 0);
	EXPECT(sys_unlink(name), 0);
	name[DIRSIZ] = 'n'; /* one more is too long */
	name[DIRSIZ + 1] = '\0';
	EXPECT(sys_open(name, O_CREAT | O_RDWR), -ENAMETOOLONG);
	EXPECT(sys_mkdir(name), -ENAMETOOLONG);
	EXPECT(sys_open(name, O_RDONLY), -ENAMETOOLONG);
	memset(path, 'p', sizeof(path) - 1); /* a path over PATH_MAX_LEN */
	path[sizeof(path) - 1] = '\0';
	EXPECT(sys_open(path, O_RDONLY), -ENAMETOOLONG);
	EXPECT(sys_chdir(path), -ENAMETOOLONG);
	EXPECT(sys_unlink(path), -ENAMETOOLONG);
	return 0;
}

/* Directories are changed only by create and unlink. */
int t_isdir(void)
{
	clean();
	EXPECT(sys_mkdir(D1), 0);
	EXPECT(sys_open(D1, O_WRONLY), -EISDIR);
	EXPECT(sys_open(D1, O_RDWR), -EISDIR);
	EXPECT(sys_open(D1, O_CREAT | O_RDWR), -EISDIR);
	EXPECT(sys_open("/", O_WRONLY), -EISDIR);
	int fd = (int)sys_open(D1, O_RDONLY);
	CHECK(fd >= 0);
	EXPECT_ERR(sys_write(fd, "x", 1));
	close(fd);
	EXPECT(sys_unlink(D1), 0);
	return 0;
}

int t_chdir(void)
{
	struct stat st;

	clean();
	EXPECT(mkdir(D1), 0);
	EXPECT(sys_chdir(D1), 0);
	EXPECT(ut_write_file("f", "hi", 2), 0); /* relative to the new cwd */
	EXPECT(sys_mkdir("sub"), 0);
	EXPECT(sys_chdir("sub"), 0);
	EXPECT(stat("../f", &st), 0);
	EXPECT(st.size, 2);
	EXPECT(sys_chdir("../.."), 0);
	EXPECT(stat(D1 "/f", &st), 0);
	EXPECT(stat(D1 "/./sub/../f", &st), 0);
	EXPECT(sys_chdir(D1 "/f"), -ENOTDIR);
	EXPECT(sys_chdir(UT_PREFIX "nodir"), -ENOENT);
	/* cwd is per process: a child's chdir does not move us. */
	int pid = fork();
	if (pid == 0)
		exit(chdir("/") == 0 ? 0 : 1);
	EXPECT(ut_wait_pid(pid), 0);
	EXPECT(stat(D1 "/f", &st), 0);
	EXPECT(unlink(D1 "/sub"), 0);
	EXPECT(unlink(D1 "/f"), 0);
	EXPECT(unlink(D1), 0);
	EXPECT(stat("/", &st), 0);
	EXPECT(st.type, T_DIR);
	return 0;
}

/* Read the directory in small pieces; 1 if name is listed. */
static int listed(const char *dir, const char *name, long *entries)
{
	struct dirent de[2];
	long n;
	int fd = open(dir, O_RDONLY), found = 0;

	*entries = 0;
	if (fd < 0)
		return -1;
	while ((n = read(fd, de, sizeof(de))) > 0) {
		if (n % (long)sizeof(de[0]))
			found = -1000; /* not whole entries */
		for (long i = 0; i < n / (long)sizeof(de[0]); i++) {
			if (de[i].ino)
				++*entries;
			if (de[i].ino && !strcmp(de[i].name, name))
				found++;
		}
	}
	close(fd);
	return n < 0 ? -1 : found;
}

int t_dirlist(void)
{
	struct stat st;
	long entries;

	clean();
	EXPECT(mkdir(D1), 0);
	EXPECT(ut_write_file(D1 "/a", "1", 1), 0);
	EXPECT(ut_write_file(D1 "/bb", "22", 2), 0);
	EXPECT(ut_write_file(D1 "/ccc", "333", 3), 0);
	EXPECT(listed(D1, "a", &entries), 1);
	EXPECT(listed(D1, "bb", &entries), 1);
	EXPECT(listed(D1, "ccc", &entries), 1);
	EXPECT(listed(D1, "zz", &entries), 0);
	CHECK(entries >= 3);
	int fd = open(D1, O_RDONLY);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.type, T_DIR);
	EXPECT(st.size % sizeof(struct dirent), 0);
	CHECK(st.size >= 3 * sizeof(struct dirent));
	close(fd);
	EXPECT(unlink(D1 "/bb"), 0);
	EXPECT(listed(D1, "bb", &entries), 0);
	EXPECT(listed(D1, "a", &entries), 1);
	EXPECT(unlink(D1 "/a"), 0);
	EXPECT(unlink(D1 "/ccc"), 0);
	EXPECT(unlink(D1), 0);
	return 0;
}
