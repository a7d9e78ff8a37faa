/* SPDX-License-Identifier: MIT */
/*
 * arena.h - the host memory a unit test hands the frame allocator: one
 * aligned block for the whole group, allocated and freed by cmocka's group
 * setup and teardown. The includer defines ARENA_SIZE, and ARENA_ALIGN if
 * 2 MiB is not what it wants.
 */
#ifndef TESTS_UNIT_ARENA_H
#define TESTS_UNIT_ARENA_H

#include <stdint.h>
#include <stdlib.h>

#ifndef ARENA_ALIGN
#define ARENA_ALIGN (2 * 1024 * 1024)
#endif

static uint8_t *arena;

static inline int arena_setup(void **state)
{
	(void)state;
	arena = aligned_alloc(ARENA_ALIGN, ARENA_SIZE);
	return arena ? 0 : -1;
}

static inline int arena_teardown(void **state)
{
	(void)state;
	free(arena);
	arena = NULL;
	return 0;
}

#endif
