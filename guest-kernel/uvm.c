/* SPDX-License-Identifier: MIT */
/*
 * uvm.c - user address spaces: the lower half of a per-process Sv39 tree
 * whose upper half is the kernel's (shared L2 table). Built through the
 * page-table batch (pt.c): creating, filling and pinning a new tree, or
 * tearing one down, is one batch. Heap pages are allocated on first touch.
 * Copies to and from user memory walk the tree in software and check the
 * user's permissions, so a bad pointer is -EFAULT, never a kernel fault.
 */
#include <errno.h>
#include <string.h>

#include "kernel/kalloc.h"
#include "kernel/proc.h"
#include "kernel/pt.h"
#include "kernel/vm.h"

void vm_commit(void)
{
	pt_commit();
}

int vm_create(struct addrspace *as)
{
	uint64_t root = pt_new_table();

	if (!root)
		return -ENOMEM;
	/* The kernel half: the same entries as the kernel's root. */
	memcpy(&pt_table(root)[256], &pt_table(vm_kernel_root())[256], 256 * sizeof(pte_t));
	pt_pin_root(root);
	memset(as, 0, sizeof(*as));
	as->root = root;
	return 0;
}

/* The L1 table (and index) for va; created on the way if create. 0 if none. */
static uint64_t walk(const struct addrspace *as, uint64_t va, bool create, unsigned *idx)
{
	uint64_t table = as->root;

	for (int level = 2; level > 0; level--) {
		unsigned i = PT_INDEX(va, level);
		pte_t pte = pt_get(table, i);

		if (!(pte & PTE_V)) {
			uint64_t t;

			if (!create || !(t = pt_new_table()))
				return 0;
			pt_set(table, i, PA_PTE(t) | PTE_V);
			pte = PA_PTE(t) | PTE_V;
		}
		table = PTE_PA(pte);
	}
	*idx = PT_INDEX(va, 0);
	return table;
}

static pte_t leaf_pte(uint64_t pa, int prot)
{
	pte_t pte = PA_PTE(pa) | PTE_V | PTE_U | PTE_A | PTE_R;

	if (prot & VM_W)
		pte |= PTE_W | PTE_D;
	if (prot & VM_X)
		pte |= PTE_X;
	return pte;
}

int vm_map_range(struct addrspace *as, uint64_t va, uint64_t n, int prot)
{
	for (uint64_t a = va; a < va + n; a += PAGE_SIZE) {
		unsigned i;
		uint64_t l1 = walk(as, a, true, &i);
		pte_t old;
		void *page;

		if (!l1)
			return -ENOMEM;
		if ((old = pt_get(l1, i)) & PTE_V) {
			pt_set(l1, i, old | leaf_pte(PTE_PA(old), prot));
			continue;
		}
		if (!(page = page_alloc()))
			return -ENOMEM;
		pt_set(l1, i, leaf_pte(KPA(page), prot));
		as->pages++;
	}
	return 0;
}

void vm_dealloc(struct addrspace *as, uint64_t va, uint64_t n)
{
	bool any = false;

	for (uint64_t a = va; a < va + n; a += PAGE_SIZE) {
		unsigned i;
		uint64_t l1 = walk(as, a, false, &i);
		pte_t pte;

		if (!l1 || !((pte = pt_get(l1, i)) & PTE_V))
			continue;
		pt_set(l1, i, 0);
		pt_defer_free(KVA(PTE_PA(pte)));
		as->pages--;
		any = true;
	}
	if (any)
		pt_flush_tlb();
}

/* Visit every user leaf: fn(va, pte). */
static int each_leaf(const struct addrspace *as, int (*fn)(void *, uint64_t, pte_t), void *arg)
{
	const pte_t *root = pt_table(as->root);
	int err;

	for (unsigned i2 = 0; i2 < 256; i2++) {
		if (!(root[i2] & PTE_V))
			continue;
		const pte_t *l2 = pt_table(PTE_PA(root[i2]));
		for (unsigned i1 = 0; i1 < 512; i1++) {
			if (!(l2[i1] & PTE_V))
				continue;
			const pte_t *l1 = pt_table(PTE_PA(l2[i1]));
			for (unsigned i0 = 0; i0 < 512; i0++) {
				uint64_t va = ((uint64_t)i2 << 30) | ((uint64_t)i1 << 21) |
					      ((uint64_t)i0 << 12);

				if ((l1[i0] & PTE_V) && (err = fn(arg, va, l1[i0])))
					return err;
			}
		}
	}
	return 0;
}

static int copy_leaf(void *arg, uint64_t va, pte_t pte)
{
	struct addrspace *dst = arg;
	unsigned i;
	uint64_t l1 = walk(dst, va, true, &i);
	void *page;

	if (!l1 || !(page = page_alloc_dirty()))
		return -ENOMEM;
	memcpy(page, KVA(PTE_PA(pte)), PAGE_SIZE);
	pt_set(l1, i, (pte & ~(~0ul << 10)) | PA_PTE(KPA(page)));
	dst->pages++;
	return 0;
}

int vm_copy(struct addrspace *dst, const struct addrspace *src)
{
	int err = vm_create(dst);

	if (err)
		return err;
	dst->brk = src->brk;
	dst->heap_base = src->heap_base;
	if ((err = each_leaf(src, copy_leaf, dst))) {
		vm_destroy(dst);
		return err;
	}
	return 0;
}

static int free_leaf(void *arg, uint64_t va, pte_t pte)
{
	(void)arg;
	(void)va;
	pt_defer_free(KVA(PTE_PA(pte)));
	return 0;
}

/* The address space must not be the live one. Unpinning releases the tree. */
void vm_destroy(struct addrspace *as)
{
	const pte_t *root;

	if (!as->root)
		return;
	pt_commit(); /* a tree still being built is pinned first: one path for all */
	root = pt_table(as->root);
	each_leaf(as, free_leaf, NULL);
	pt_unpin_root(as->root);
	for (unsigned i2 = 0; i2 < 256; i2++) {
		if (!(root[i2] & PTE_V))
			continue;
		const pte_t *l2 = pt_table(PTE_PA(root[i2]));
		for (unsigned i1 = 0; i1 < 512; i1++)
			if (l2[i1] & PTE_V)
				pt_dead_table(PTE_PA(l2[i1]));
		pt_dead_table(PTE_PA(root[i2]));
	}
	pt_dead_table(as->root);
	pt_commit();
	memset(as, 0, sizeof(*as));
}

void vm_switch(const struct addrspace *as)
{
	pt_switch(as && as->root ? as->root : vm_kernel_root());
	pt_commit();
}

int vm_fault(struct addrspace *as, uint64_t va)
{
	int err;

	unsigned i;
	uint64_t l1;

	va = PAGE_ROUND_DOWN(va);
	if (va < as->heap_base || va >= as->brk)
		return -EFAULT;
	/* A fault on a heap page that is there is not a first touch. */
	if ((l1 = walk(as, va, false, &i)) && (pt_get(l1, i) & PTE_V))
		return -EFAULT;
	if ((err = vm_map_range(as, va, PAGE_SIZE, VM_R | VM_W)))
		return err;
	pt_commit();
	return 0;
}

/* Access checks: what the user may do, or (loading a program) any mapped page. */
enum access { READ, WRITE, LOAD };

/* The kernel address of user byte va, if the access is allowed. */
static void *user_ptr(struct addrspace *as, uint64_t va, enum access acc)
{
	unsigned i = 0;
	uint64_t l1;
	pte_t pte;

	if (va >= USER_TOP)
		return NULL;
	l1 = walk(as, va, false, &i);
	pte = l1 ? pt_get(l1, i) : 0;
	if (!(pte & PTE_V) && vm_fault(as, va) == 0) {
		l1 = walk(as, va, false, &i);
		pte = pt_get(l1, i);
	}
	if (!(pte & PTE_V) || !(pte & PTE_U))
		return NULL;
	if ((acc == READ && !(pte & PTE_R)) || (acc == WRITE && !(pte & PTE_W)))
		return NULL;
	return (char *)KVA(PTE_PA(pte)) + (va & (PAGE_SIZE - 1));
}

static int copy(struct addrspace *as, uint64_t uva, void *kbuf, size_t n, enum access acc)
{
	bool out = acc != READ;

	while (n) {
		size_t chunk = PAGE_SIZE - (uva & (PAGE_SIZE - 1));
		char *p = user_ptr(as, uva, acc);

		if (!p)
			return -EFAULT;
		if (chunk > n)
			chunk = n;
		if (out)
			memcpy(p, kbuf, chunk);
		else
			memcpy(kbuf, p, chunk);
		uva += chunk;
		kbuf = (char *)kbuf + chunk;
		n -= chunk;
	}
	return 0;
}

int vm_copyout_as(struct addrspace *as, uint64_t uva, const void *src, size_t n)
{
	return copy(as, uva, (void *)src, n, LOAD);
}

int uvm_copyin(void *dst, uint64_t uva, size_t n)
{
	return copy(&proc_current()->as, uva, dst, n, READ);
}

int uvm_copyout(uint64_t uva, const void *src, size_t n)
{
	return copy(&proc_current()->as, uva, (void *)src, n, WRITE);
}

int uvm_copyinstr(char *dst, uint64_t uva, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		const char *p = user_ptr(&proc_current()->as, uva + i, READ);

		if (!p)
			return -EFAULT;
		if (!(dst[i] = *p))
			return (int)i;
	}
	return -ENAMETOOLONG;
}
