/* SPDX-License-Identifier: MIT */
/*
 * exec.c - load an ELF64 RISC-V executable from the file system into a new
 * address space, build the argument vector on its stack, and swap it in for
 * the old one. Everything is checked before the old program is given up,
 * so a bad file leaves the caller running.
 */
#include <errno.h>
#include <string.h>

#include "kernel/exec.h"
#include "kernel/fs.h"
#include "kernel/kalloc.h"
#include "kernel/proc.h"
#include "kernel/vm.h"

struct elf_header {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* Two strings, since "\x7fE" would be one escape; clang-format splits them over lines. */
/* clang-format off */
#define ELF_MAGIC "\x7f" "ELF"
/* clang-format on */
#define ELFCLASS64 2
#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define STACK_SIZE (USER_STACK_PAGES * PAGE_SIZE)

static int check_header(const struct elf_header *eh)
{
	if (memcmp(eh->ident, ELF_MAGIC, 4) || eh->ident[4] != ELFCLASS64 || eh->type != ET_EXEC ||
	    eh->machine != EM_RISCV || eh->phentsize != sizeof(struct elf_phdr) || eh->phnum == 0 ||
	    eh->phnum > 16)
		return -ENOEXEC;
	return 0;
}

static int check_segment(const struct elf_phdr *ph, uint64_t file_size)
{
	uint64_t end = ph->vaddr + ph->memsz;

	if (ph->memsz < ph->filesz || end < ph->vaddr || ph->vaddr < USER_BASE ||
	    end > USER_TOP - STACK_SIZE - PAGE_SIZE || ph->offset + ph->filesz < ph->offset ||
	    ph->offset + ph->filesz > file_size)
		return -ENOEXEC;
	return 0;
}

static int prot_of(uint32_t flags)
{
	return ((flags & PF_R) ? VM_R : 0) | ((flags & PF_W) ? VM_W : 0) |
	       ((flags & PF_X) ? VM_X : 0);
}

/* Map the segment's pages (zeroed: the tail past filesz must read 0) and copy its bytes. */
static int load_segment(struct addrspace *as, struct inode *ip, const struct elf_phdr *ph,
			void *buf)
{
	uint64_t start = PAGE_ROUND_DOWN(ph->vaddr), end = PAGE_ROUND_UP(ph->vaddr + ph->memsz);
	int err;

	if ((err = vm_map_range(as, start, end - start, prot_of(ph->flags))))
		return err;
	for (uint64_t done = 0; done < ph->filesz;) {
		uint64_t n = ph->filesz - done > PAGE_SIZE ? PAGE_SIZE : ph->filesz - done;
		int64_t got = fs_read(ip, buf, ph->offset + done, n);

		if (got != (int64_t)n)
			return -ENOEXEC;
		if ((err = vm_copyout_as(as, ph->vaddr + done, buf, n)))
			return err;
		done += n;
	}
	return 0;
}

static int load(struct addrspace *as, struct inode *ip, uint64_t *entry, void *buf)
{
	struct elf_header eh;
	int err;

	if (fs_read(ip, &eh, 0, sizeof(eh)) != sizeof(eh))
		return -ENOEXEC;
	if ((err = check_header(&eh)))
		return err;
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf_phdr ph;
		uint64_t off = eh.phoff + i * sizeof(ph);

		if (fs_read(ip, &ph, off, sizeof(ph)) != sizeof(ph))
			return -ENOEXEC;
		if (ph.type != PT_LOAD)
			continue;
		if ((err = check_segment(&ph, fs_size(ip))) ||
		    (err = load_segment(as, ip, &ph, buf)))
			return err;
		if (PAGE_ROUND_UP(ph.vaddr + ph.memsz) > as->heap_base)
			as->heap_base = PAGE_ROUND_UP(ph.vaddr + ph.memsz);
	}
	*entry = eh.entry;
	return 0;
}

/* Strings, then the pointer array, on the new stack; returns the new sp. */
static int push_args(struct addrspace *as, char *const argv[], int argc, uint64_t *sp)
{
	uint64_t ptrs[EXEC_MAXARG + 1];
	uint64_t top = USER_TOP;
	int err;

	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		top -= len;
		if ((err = vm_copyout_as(as, top, argv[i], len)))
			return err;
		ptrs[i] = top;
	}
	ptrs[argc] = 0;
	top = (top - (argc + 1) * sizeof(uint64_t)) & ~15ul;
	if ((err = vm_copyout_as(as, top, ptrs, (argc + 1) * sizeof(uint64_t))))
		return err;
	*sp = top;
	return 0;
}

static void set_name(struct proc *p, const char *path)
{
	const char *last = path;

	for (const char *s = path; *s; s++)
		if (*s == '/' && s[1])
			last = s + 1;
	strncpy(p->name, last, sizeof(p->name) - 1);
	p->name[sizeof(p->name) - 1] = 0;
}

int exec_start(const char *path, char *const argv[])
{
	struct proc *p = proc_current();
	struct addrspace as, old;
	uint64_t entry = 0, sp = 0;
	struct inode *ip;
	void *buf;
	int argc = 0, err;

	while (argv[argc])
		if (++argc > EXEC_MAXARG)
			return -E2BIG;
	if (!(ip = fs_lookup(path, &err)))
		return err;
	if (fs_type(ip) != T_FILE) {
		fs_put(ip);
		return -EACCES;
	}
	if (!(buf = page_alloc_dirty())) {
		fs_put(ip);
		return -ENOMEM;
	}
	if ((err = vm_create(&as)) == 0) {
		if (!(err = load(&as, ip, &entry, buf)))
			err = vm_map_range(&as, USER_TOP - STACK_SIZE, STACK_SIZE, VM_R | VM_W);
		if (!err)
			err = push_args(&as, argv, argc, &sp);
		if (err)
			vm_destroy(&as);
	}
	page_free(buf);
	fs_put(ip);
	if (err)
		return err;
	as.brk = as.heap_base;
	old = p->as;
	p->as = as;
	vm_switch(&p->as);
	vm_destroy(&old);
	memset(p->tf, 0, sizeof(*p->tf));
	p->tf->sepc = entry;
	p->tf->x[REG_SP] = sp;
	p->tf->x[REG_A0] = (uint64_t)argc;
	p->tf->x[REG_A0 + 1] = sp;
	set_name(p, path);
	return 0;
}
