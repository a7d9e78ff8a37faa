/* SPDX-License-Identifier: MIT */
/*
 * types.h - basic types of the hypervisor, above all the three address kinds.
 *
 * Host-physical, guest-physical and guest-virtual addresses are distinct
 * struct types so that the compiler rejects passing one where another is
 * meant. Build them with HPA()/GPA()/GVA() and read them with .val.
 */
#ifndef HYP_TYPES_H
#define HYP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One line each: the three address types side by side */
/* clang-format off */
typedef struct { uint64_t val; } hpa_t; /* host-physical address */
typedef struct { uint64_t val; } gpa_t; /* guest-physical address */
typedef struct { uint64_t val; } gva_t; /* guest-virtual address */
/* clang-format on */

#define HPA(x) ((hpa_t){ (uint64_t)(x) })
#define GPA(x) ((gpa_t){ (uint64_t)(x) })
#define GVA(x) ((gva_t){ (uint64_t)(x) })

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_MASK (PAGE_SIZE - 1)

/* clang-format 14 would write (a)-1, taking (a) for a cast */
/* clang-format off */
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
/* clang-format on */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KiB (1ull << 10)
#define MiB (1ull << 20)

/*
 * The hypervisor runs with translation off (satp Bare), so a host-physical
 * address is also the pointer to it. Host unit tests rely on the same identity.
 */
static inline void *hpa_ptr(hpa_t a)
{
	return (void *)(uintptr_t)a.val;
}

static inline hpa_t ptr_hpa(const void *p)
{
	return HPA((uintptr_t)p);
}

#endif
