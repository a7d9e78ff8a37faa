/* SPDX-License-Identifier: MIT */
/* hcall_console.c - console_io: a guest's console output and input. */
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"

/*
 * Out of line, as console_io_read: inlined, both made one frame with ten
 * saved registers that every console_io paid for, even one with nothing
 * to write.
 */
static __attribute__((noinline)) int64_t write_chunks(struct vcpu *v, uint64_t count, gva_t buf,
						      uint64_t *value)
{
	char chunk[128];
	uint64_t done = 0;

	while (done < count) {
		size_t n = count - done < sizeof(chunk) ? count - done : sizeof(chunk);

		if (arch_copy_from_guest(chunk, GVA(buf.val + done), n))
			break;
		console_write(&v->guest->con, chunk, n);
		done += n;
	}
	*value = done;
	/* A fault after some output still reports what was written. */
	return done == count ? 0 : (done ? 0 : -PVABI_EFAULT);
}

static inline int64_t console_io_write(struct vcpu *v, uint64_t count, gva_t buf, uint64_t *value)
{
	if (count > PVABI_CONSOLE_MAX)
		count = PVABI_CONSOLE_MAX;
	if (count)
		return write_chunks(v, count, buf, value);
	*value = 0; /* nothing to write: no frame for a chunk */
	return 0;
}

static __attribute__((noinline)) int64_t console_io_read(struct vcpu *v, uint64_t count, gva_t buf,
							 uint64_t *value)
{
	char chunk[CONSOLE_READ_CHUNK];
	size_t n;

	if (count > sizeof(chunk))
		count = sizeof(chunk);
	/*
	 * Prove the buffer writable (rewrite its own bytes) before taking input,
	 * so that a bad buffer loses no keystrokes.
	 */
	if (count &&
	    (arch_copy_from_guest(chunk, buf, count) || arch_copy_to_guest(buf, chunk, count)))
		return -PVABI_EFAULT;
	n = console_read(&v->guest->con, chunk, count);
	if (n && arch_copy_to_guest(buf, chunk, n))
		return -PVABI_EFAULT;
	*value = n;
	return 0;
}

int64_t hcall_console_io(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	switch (args[0]) {
	case PVABI_CONSOLEIO_write:
		return console_io_write(v, args[1], GVA(args[2]), value);
	case PVABI_CONSOLEIO_read:
		return console_io_read(v, args[1], GVA(args[2]), value);
	default:
		return -PVABI_ENOSYS;
	}
}
