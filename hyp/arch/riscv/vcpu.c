/* SPDX-License-Identifier: MIT */
/*
 * vcpu.c - the RISC-V vCPU: its reset state, and switching the VS-level CSRs,
 * the S-level ones with no VS copy, the f registers and the G-stage root
 * when another vCPU takes the hart.
 */
#include <stdio.h>
#include <string.h>

#include <pvabi/event.h>

#include "arch/csr.h"
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/pv/hcall.h"
#include "hyp/core/log.h"

/* The vCPU whose VS state is in the hart's CSRs now (per hart: TLS). */
static __thread struct vcpu *hart_vcpu;
/* The vCPU whose values the f registers hold (NULL: nobody's, or unknown). */
static __thread struct vcpu *fp_owner;

static void hfence_gvma_all(void)
{
	/* clang-format 14 splits ":::" over two lines */
	/* clang-format off */
	__asm__ __volatile__(".option push\n.option arch, +h\n"
			     "hfence.gvma zero, zero\n.option pop" ::: "memory");
	/* clang-format on */
}

void arch_vcpu_init(struct vcpu *v, gpa_t entry, uint64_t a0, uint64_t a1, uint64_t time_offset)
{
	struct arch_vcpu *a = &v->arch;
	struct guest *g = v->guest;

	/* The guest's stats add up over resets: keep the calls it counted itself. */
	arch_vcpu_fold_hcalls(v, &g->stats);
	memset(a, 0, sizeof(*a));
	a->regs.pc = entry.val;
	a->regs.x[REG_A0] = a0;
	a->regs.x[REG_A1] = a1;
	/*
	 * sret lands in VS-mode (SPV, SPP); hypervisor interrupts stay masked.
	 * VS Off whatever the firmware left: the vector registers are not
	 * switched, so a vector instruction must be illegal in every guest.
	 */
	a->regs.sstatus =
	    (csr_read(sstatus) | SSTATUS_SPP) & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_VS);
	a->regs.hstatus = HSTATUS_SPV | HSTATUS_SPVP;
	/* WFI traps for everyone: PV kernels must block, FV ones are blocked. */
	a->regs.hstatus |= HSTATUS_VTW;
	if (g->cfg->mode == GUEST_PV) {
		a->regs.hstatus |= HSTATUS_VTVM; /* no sfence.vma, no satp */
		/* its ecalls are hypercalls: these are made by the entry path */
		a->regs.fast = HCALL_FAST_CALLS;
		a->regs.direct = HCALL_DIRECT_CALLS;
	}
	/*
	 * A PV kernel takes its own exceptions only once it registered a trap
	 * entry: before that, a page fault delegated to vstvec 0 would fault
	 * again there for ever, never exiting; undelegated, it reaches the
	 * hypervisor, which stops the guest with a message. FV kernels own
	 * stvec from the start, as on a real hart.
	 */
	a->hedeleg = g->cfg->mode == GUEST_FV ? HEDELEG_GUEST : 0;
	a->vstimecmp = UINT64_MAX;
	/*
	 * Sstc only for a guest told of it (its device tree): any other one's
	 * stimecmp access must stay the illegal instruction its ISA promises.
	 */
	a->henvcfg = g->cfg->mode == GUEST_FV && g->cfg->sstc ? HENVCFG_STCE : 0;
	/*
	 * An FV kernel finds scounteren as OpenSBI leaves it for S-mode: its
	 * user programs may read cycle, time and instret. Linux relies on it
	 * (its vDSO reads time; only its SBI PMU driver would set it, and this
	 * SBI has no PMU): without it, busybox's time died of SIGILL.
	 */
	if (g->cfg->mode == GUEST_FV)
		a->scounteren = HCOUNTEREN_CY | HCOUNTEREN_TM | HCOUNTEREN_IR;
	a->htimedelta = (uint64_t)0 - time_offset; /* guest time starts at 0 */
	a->hgatp = HGATP_MODE_SV39X4 | ((uint64_t)g->vmid << HGATP_VMID_SHIFT) |
		   (g->gs.root.val >> PAGE_SHIFT);
	v->regs_reset = true;
	if (hart_vcpu == v)
		hart_vcpu = NULL; /* reload everything on the next entry */
	if (fp_owner == v)
		fp_owner = NULL; /* its f registers start at zero (a->fp) */
}

void arch_vcpu_set_stack(struct vcpu *v, uint64_t sp)
{
	v->arch.regs.x[REG_SP] = sp;
}

static void vcpu_save(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	a->vsstatus = csr_read(vsstatus);
	a->vsie = csr_read(vsie);
	a->vstvec = csr_read(vstvec);
	a->vsscratch = csr_read(vsscratch);
	a->vsepc = csr_read(vsepc);
	a->vscause = csr_read(vscause);
	a->vstval = csr_read(vstval);
	a->vsatp = csr_read(vsatp);
	a->hvip = csr_read(hvip);
	a->vstimecmp = csr_read(CSR_VSTIMECMP);
	a->scounteren = csr_read(scounteren);
	a->senvcfg = csr_read(CSR_SENVCFG);
}

static void hfence_vvma(uint64_t va, bool all);

static void vcpu_restore(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	csr_write(hgatp, a->hgatp);
	csr_write(hedeleg, a->hedeleg);
	/* VMIDs are reused when a guest is rebuilt: drop stale translations. */
	hfence_gvma_all();
	/*
	 * A guest's vCPUs share its VMID on one hart: the VS-stage translations
	 * the last of them cached are not this one's (a real hart's TLB is its
	 * own), and hfence.gvma need not drop them. With hgatp loaded, this
	 * drops those of this VMID.
	 */
	hfence_vvma(0, true);
	csr_write(vsstatus, a->vsstatus);
	csr_write(vsie, a->vsie);
	csr_write(vstvec, a->vstvec);
	csr_write(vsscratch, a->vsscratch);
	csr_write(vsepc, a->vsepc);
	csr_write(vscause, a->vscause);
	csr_write(vstval, a->vstval);
	csr_write(vsatp, a->vsatp);
	/*
	 * No VS copies (privileged spec, H chapter: "hypervisor software is
	 * expected to manually swap" them): one guest clearing scounteren
	 * would otherwise make another's user programs fault on rdtime.
	 */
	csr_write(scounteren, a->scounteren);
	csr_write(CSR_SENVCFG, a->senvcfg);
	csr_write(CSR_HENVCFG, a->henvcfg);
	csr_write(htimedelta, a->htimedelta);
	/* Before hvip: on this QEMU writing vstimecmp recomputes, and so clears, VSTIP. */
	csr_write(CSR_VSTIMECMP, a->vstimecmp);
	csr_write(hvip, a->hvip);
	/*
	 * An exit resumed after a preemption point reads guest memory with
	 * hlv/hsv, which take the privilege from hstatus.SPVP: its own, not that
	 * of the exit of whoever ran in between. Entry writes it anyway.
	 */
	csr_write(hstatus, a->regs.hstatus);
}

/* The register list and the asm below as written: clang-format staircases them */
/* clang-format off */
#define FP_REGS(op)                                                                                \
	op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11) op(12) op(13)   \
	op(14) op(15) op(16) op(17) op(18) op(19) op(20) op(21) op(22) op(23) op(24) op(25)       \
	op(26) op(27) op(28) op(29) op(30) op(31)
/* clang-format on */
#define FP_SAVE(i) "fsd f" #i ", " #i "*8(%0)\n"
#define FP_LOAD(i) "fld f" #i ", " #i "*8(%0)\n"

static void fp_save(struct arch_vcpu *a)
{
	uint64_t *f = a->fp;

	/* clang-format off */
	__asm__ __volatile__(".option push\n.option arch, +d\n" FP_REGS(FP_SAVE)
			     "frcsr %1\n.option pop"
			     : "+r"(f), "=r"(a->fcsr)::"memory");
	/* clang-format on */
}

static void fp_load(struct arch_vcpu *a)
{
	uint64_t *f = a->fp;

	/* clang-format off */
	__asm__ __volatile__(".option push\n.option arch, +d\n" FP_REGS(FP_LOAD)
			     "fscsr %1\n.option pop" ::"r"(f), "r"(a->fcsr) : "memory");
	/* clang-format on */
}

/*
 * The f registers are not the hypervisor's (it is built without them) but
 * the guests': any guest may turn its own vsstatus.FS on and read them, so
 * they must hold the incoming vCPU's values, never the last owner's. The
 * owner's are saved only if it changed them since they were loaded, as KVM
 * does. Whether it did is the HS-level sstatus.FS of its exits (regs.sstatus),
 * which the hart sets Dirty on any f register write in VS-mode and which
 * only the hypervisor writes; it is set Clean at each load. Never vsstatus.FS:
 * that is the guest kernel's own view, and a kernel marks it Clean once it has
 * saved a process's registers, or Off while it runs with a process's values
 * not yet saved (Linux does both), and either way the values are still live.
 */
static void fp_switch(struct vcpu *v)
{
	if (fp_owner == v)
		return;
	if (fp_owner && (fp_owner->arch.regs.sstatus & SSTATUS_FS) == SSTATUS_FS)
		fp_save(&fp_owner->arch);
	fp_load(&v->arch);
	v->arch.regs.sstatus = (v->arch.regs.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	fp_owner = v;
}

void arch_vcpu_load(struct vcpu *v)
{
	if (hart_vcpu == v)
		return;
	if (hart_vcpu)
		vcpu_save(hart_vcpu);
	vcpu_restore(v);
	fp_switch(v);
	hart_vcpu = v;
}

/* hfence.vvma flushes the loaded vCPU's VS-stage translations (current VMID). */
static void hfence_vvma(uint64_t va, bool all)
{
	/* clang-format 14 splits ":::" over two lines */
	/* clang-format off */
	if (all)
		__asm__ __volatile__(".option push\n.option arch, +h\n"
				     "hfence.vvma zero, zero\n.option pop" ::: "memory");
	else
		__asm__ __volatile__(".option push\n.option arch, +h\n"
				     "hfence.vvma %0, zero\n.option pop" ::"r"(va)
				     : "memory");
	/* clang-format on */
}

void arch_vcpu_set_vsatp(struct vcpu *v, uint64_t vsatp)
{
	v->arch.vsatp = vsatp;
	v->arch.regs.pv_vsatp = vsatp;
	if (hart_vcpu == v) {
		csr_write(vsatp, vsatp);
		hfence_vvma(0, true);
	}
}

void arch_vcpu_flush_tlb(struct vcpu *v)
{
	if (hart_vcpu == v)
		hfence_vvma(0, true);
}

void arch_vcpu_flush_tlb_va(struct vcpu *v, gva_t va)
{
	if (hart_vcpu == v)
		hfence_vvma(va.val, false);
}

void arch_gstage_flush(uint16_t vmid)
{
	(void)vmid; /* one hart, VMIDs never shared: flushing all is exact enough */
	hfence_gvma_all();
}

void arch_vcpu_set_trap_entry(struct vcpu *v, uint64_t entry)
{
	v->arch.vstvec = entry;
	v->arch.hedeleg = entry ? HEDELEG_GUEST : 0;
	if (hart_vcpu == v) {
		csr_write(vstvec, entry);
		csr_write(hedeleg, v->arch.hedeleg);
	}
}

/*
 * Enter the guest kernel at target as the hardware takes a trap: sepc,
 * scause, stval, sstatus.SPP (the mode it was in: the SPP of its exit),
 * SPIE = SIE, SIE = 0. Only for the loaded vCPU, before it runs again.
 */
static void take_trap(struct vcpu *v, uint64_t cause, uint64_t tval, uint64_t target)
{
	struct arch_regs *r = &v->arch.regs;
	uint64_t vsstatus = csr_read(vsstatus);

	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE);
	if (r->sstatus & SSTATUS_SPP)
		vsstatus |= SSTATUS_SPP; /* it trapped from its kernel, not a user */
	if (vsstatus & SSTATUS_SIE)
		vsstatus |= SSTATUS_SPIE;
	vsstatus &= ~SSTATUS_SIE;
	csr_write(vsstatus, vsstatus);
	csr_write(vsepc, r->pc);
	csr_write(vscause, cause);
	csr_write(vstval, tval);
	r->pc = target;
	r->sstatus |= SSTATUS_SPP; /* enter the guest kernel */
	r->hstatus |= HSTATUS_SPVP;
}

void riscv_vcpu_inject(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	take_trap(v, cause, tval, csr_read(vstvec) & ~3ull);
}

void arch_vcpu_upcall(struct vcpu *v, uint64_t entry)
{
	take_trap(v, PVABI_EVT_SCAUSE, 0, entry);
}

/* The kernel's sstatus: live in the CSR while v is loaded. */
static uint64_t *saved_vsstatus(struct vcpu *v)
{
	if (hart_vcpu == v)
		v->arch.vsstatus = csr_read(vsstatus);
	return &v->arch.vsstatus;
}

bool arch_vcpu_events_enabled(struct vcpu *v)
{
	/* A user program is always interruptible; the kernel when SIE is set. */
	return !(v->arch.regs.sstatus & SSTATUS_SPP) || (*saved_vsstatus(v) & SSTATUS_SIE);
}

void arch_vcpu_events_on(struct vcpu *v)
{
	*saved_vsstatus(v) |= SSTATUS_SIE;
	if (hart_vcpu == v)
		csr_set(vsstatus, SSTATUS_SIE);
}

static const uint64_t virq_bit[] = {
	[ARCH_VIRQ_SOFT] = 1ul << IRQ_VS_SOFT,
	[ARCH_VIRQ_TIMER] = 1ul << IRQ_VS_TIMER,
	[ARCH_VIRQ_EXT] = 1ul << IRQ_VS_EXT,
};

void arch_vcpu_set_irq(struct vcpu *v, enum arch_virq line, bool level)
{
	struct arch_vcpu *a = &v->arch;

	if (hart_vcpu == v)
		a->hvip = csr_read(hvip);
	if (level)
		a->hvip |= virq_bit[line];
	else
		a->hvip &= ~virq_bit[line];
	if (hart_vcpu == v)
		csr_write(hvip, a->hvip);
}

/* The vCPU's own timer (Sstc's vstimecmp) in host time; UINT64_MAX if none. */
static uint64_t hw_timer_host_time(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t cmp = hart_vcpu == v ? csr_read(CSR_VSTIMECMP) : a->vstimecmp;
	uint64_t offset = (uint64_t)0 - a->htimedelta; /* guest time = host time - offset */

	if (!(a->henvcfg & HENVCFG_STCE) || cmp > UINT64_MAX - offset)
		return UINT64_MAX;
	return cmp + offset;
}

uint64_t arch_vcpu_timer_deadline(struct vcpu *v)
{
	uint64_t vsie = hart_vcpu == v ? csr_read(vsie) : v->arch.vsie;

	/* A timer the guest masked does not end its WFI: no need to look. */
	if (!(vsie & (1ul << IRQ_S_TIMER)))
		return UINT64_MAX;
	return hw_timer_host_time(v);
}

bool arch_vcpu_irq_pending(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t vsie = hart_vcpu == v ? csr_read(vsie) : a->vsie;
	uint64_t hvip = hart_vcpu == v ? csr_read(hvip) : a->hvip;

	/*
	 * hip.VSTIP is hvip's OR vstimecmp's (Sstc): computed here, since
	 * hvip does not show the latter and is what is saved.
	 */
	if (arch_time() >= hw_timer_host_time(v))
		hvip |= 1ul << IRQ_VS_TIMER;

	/* vsie holds the guest's enables at the S positions, one below hvip's VS bits. */
	return ((hvip >> 1) & vsie) != 0;
}

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp",	 "t0",	"t1", "t2", "s0", "s1", "a0",
	"a1",	"a2", "a3", "a4", "a5",	 "a6",	"a7", "s2", "s3", "s4", "s5",
	"s6",	"s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void arch_vcpu_print(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	const char *name = v->guest->cfg->name;

	if (hart_vcpu == v)
		vcpu_save(v); /* its VS CSRs are live in the hart: read them */
	log_printf("%s pc 0x%016llx  %s mode  sstatus 0x%llx\n", name,
		   (unsigned long long)a->regs.pc,
		   (a->regs.sstatus & SSTATUS_SPP) ? "kernel" : "user",
		   (unsigned long long)a->regs.sstatus);
	for (unsigned i = 1; i < 32; i += 4) {
		char line[128];
		size_t len = 0;

		for (unsigned j = i; j < i + 4 && j < 32; j++)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%4s 0x%016llx ",
						reg_names[j], (unsigned long long)a->regs.x[j]);
		log_printf("%s %s\n", name, line);
	}
	log_printf("%s vsatp 0x%llx vstvec 0x%llx vsepc 0x%llx vscause 0x%llx vstval 0x%llx\n",
		   name, (unsigned long long)a->vsatp, (unsigned long long)a->vstvec,
		   (unsigned long long)a->vsepc, (unsigned long long)a->vscause,
		   (unsigned long long)a->vstval);
	log_printf("%s vsstatus 0x%llx vsie 0x%llx hvip 0x%llx; last exit scause 0x%llx stval "
		   "0x%llx htval 0x%llx\n",
		   name, (unsigned long long)a->vsstatus, (unsigned long long)a->vsie,
		   (unsigned long long)a->hvip, (unsigned long long)a->scause,
		   (unsigned long long)a->stval, (unsigned long long)a->htval);
}
