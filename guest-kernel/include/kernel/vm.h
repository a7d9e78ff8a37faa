/* SPDX-License-Identifier: MIT */
/*
 * vm.h - virtual memory: the kernel's higher-half mapping and per-process
 * Sv39 address spaces, changed through the platform's page-table interface
 * (batched mmu_update / mmuext_op hypercalls when paravirtual).
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096ul
#define PAGE_ROUND_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

/* The kernel sees all guest RAM at KERNEL_VA(pa) = pa + KERNEL_VA_OFFSET. */
#define KERNEL_VA_OFFSET 0xffffffc000000000ul
#define KVA(pa) ((void *)((uintptr_t)(pa) + KERNEL_VA_OFFSET))
/* clang-format 14 takes "(va) - K" after a parenthesis for a cast and drops the spaces */
/* clang-format off */
#define KPA(va) ((uint64_t)(uintptr_t)(va) - KERNEL_VA_OFFSET)
/* clang-format on */

/* User space: [USER_BASE, USER_TOP). The stack ends at USER_TOP. */
#define USER_BASE 0x10000ul
#define USER_TOP 0x4000000000ul
#define USER_STACK_PAGES 4

typedef uint64_t pte_t;

struct addrspace {
	uint64_t root;	    /* guest-physical address of the root table, 0 if none */
	uint64_t brk;	    /* end of the heap (program break) */
	uint64_t heap_base; /* end of the loaded image */
	uint64_t pages;	    /* user pages mapped */
};

struct plat_info;
/* Paging off: build and install the kernel's mapping. 0 or -1. */
int vm_boot(const struct plat_info *info, uint64_t ktext_start, uint64_t ktext_end, uint64_t kend);
/* Running at the higher half: finish the kernel's mapping. */
void vm_init(void);
/* The first physical page after the boot page tables. */
uint64_t vm_boot_end(void);
/* Make queued page-table changes take effect. */
void vm_commit(void);
/* Allocate the heap page at va on first touch: 0, or -EFAULT if va is not heap. */
int vm_fault(struct addrspace *as, uint64_t va);
/* An empty user address space (kernel half shared). 0 or -ENOMEM. */
int vm_create(struct addrspace *as);
/* Map n bytes at va (page aligned) with fresh zeroed pages, prot VM_R|W|X;
 * pages already mapped stay and gain prot (segments sharing a page). */
int vm_map_range(struct addrspace *as, uint64_t va, uint64_t n, int prot);
/* Unmap and free the pages of [va, va + n). */
void vm_dealloc(struct addrspace *as, uint64_t va, uint64_t n);
int vm_copy(struct addrspace *dst, const struct addrspace *src);
void vm_destroy(struct addrspace *as);
void vm_switch(const struct addrspace *as);
/* Copy to or from an address space other than the current one (exec). */
int vm_copyout_as(struct addrspace *as, uint64_t uva, const void *src, size_t n);

#define VM_R 1
#define VM_W 2
#define VM_X 4

/* The current process's memory, checked: 0 or -EFAULT. */
int uvm_copyin(void *dst, uint64_t uva, size_t n);
int uvm_copyout(uint64_t uva, const void *src, size_t n);
/* A NUL-terminated string: its length, -EFAULT, or -ENAMETOOLONG if max is reached. */
int uvm_copyinstr(char *dst, uint64_t uva, size_t max);

#endif
