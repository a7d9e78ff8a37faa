/* SPDX-License-Identifier: MIT */
/*
 * smp.S - where a hart started by SBI HSM hart_start begins (smp.c, arch
 * part): S-mode, paging off, interrupts off, a0 = its firmware hart id,
 * a1 = the opaque value given to hart_start, here its struct riscv_hart_boot
 * (stack top, TLS block, hart number: offsets below, asserted in smp.c).
 * It gets its stack and its TLS block (tp, never changed after: per-hart
 * data, smp.h) before any C runs, then calls smp_hart_main(number).
 */
	.text
	.globl riscv_hart_entry
riscv_hart_entry:
	csrw	sscratch, zero		/* the hypervisor runs: entry.S's convention */
	ld	sp, 0(a1)
	mv	s0, a1
	ld	a0, 8(a1)
	call	_init_tls		/* copy .tdata, zero .tbss into its block */
	ld	tp, 8(s0)
	lwu	a0, 16(s0)
	call	smp_hart_main
1:	wfi
	j	1b
