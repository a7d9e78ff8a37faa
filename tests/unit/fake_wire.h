/* SPDX-License-Identifier: MIT */
/*
 * fake_wire.h - the console's physical UART for unit tests of the console
 * and the emulated devices: every byte put on the wire is kept in
 * fake_wire (NUL-terminated); there is never input.
 */
#ifndef TESTS_UNIT_FAKE_WIRE_H
#define TESTS_UNIT_FAKE_WIRE_H

#include <stddef.h>

extern char fake_wire[1024];
extern size_t fake_wire_len;

void fake_wire_clear(void);

#endif
