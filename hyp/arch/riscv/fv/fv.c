/* SPDX-License-Identifier: MIT */
/*
 * fv.c - trap-and-emulate for fully virtualized guests: what an unmodified
 * kernel does that reaches the hypervisor besides SBI calls. WFI blocks the
 * vCPU; a load or store to an emulated device is decoded (this QEMU gives no
 * htinst) and performed; everything else is given back to the guest as the
 * exception a real hart would raise (an access fault where nothing is, an
 * illegal instruction for a CSR it does not have). A guest that faults in
 * its own trap vector cannot make progress and is stopped.
 */
#include "arch/csr.h"
#include "arch/insn.h"
#include "hyp/core/arch.h"
#include "hyp/core/console.h"
#include "hyp/core/guest.h"
#include "hyp/core/log.h"
#include "hyp/core/sched.h"
#include "hyp/debug/trace.h"
#include "hyp/fv/virq.h"
#include "hyp/fv/vmmio.h"

#define INSN_WFI 0x10500073u
/* htinst for a guest-page fault during the guest's own page-table walk. */
#define HTINST_PSEUDO_MASK 0xffffefdfu /* 0x2000, 0x2020, 0x3000, 0x3020 */
#define HTINST_PSEUDO_WALK 0x00002000u
/* Unhandled accesses logged per guest boot before going quiet. */
#define FAULT_LOG_MAX 8

int riscv_guest_fetch16(gva_t va, uint16_t *out);

static const char *access_name(uint64_t cause)
{
	return cause == EXC_LOAD_ACCESS ? "load" : cause == EXC_STORE_ACCESS ? "store" : "fetch";
}

/* Give the guest cause at its trap vector, unless that is where it faulted. */
static void give_back(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t vec = csr_read(vstvec) & ~3ull;

	if (a->regs.pc == vec) {
		guest_stop(v->guest, GUEST_CRASHED,
			   "exception %llu at its own trap vector 0x%llx (tval 0x%llx): it cannot "
			   "make progress",
			   (unsigned long long)cause, (unsigned long long)vec,
			   (unsigned long long)tval);
		return;
	}
	riscv_vcpu_inject(v, cause, tval);
}

static void access_fault(struct vcpu *v, uint64_t cause, uint64_t gpa, const char *why)
{
	struct guest *g = v->guest;

	if (g->nr_fault_logs < FAULT_LOG_MAX)
		log_guest(g,
			  "guest %s: %s at guest-physical 0x%llx (pc 0x%llx): %s -> %s access "
			  "fault%s\n",
			  g->cfg->name, access_name(cause), (unsigned long long)gpa,
			  (unsigned long long)v->arch.regs.pc, why, access_name(cause),
			  ++g->nr_fault_logs == FAULT_LOG_MAX ? " (further ones not logged)" : "");
	trace_exit_note(why);
	give_back(v, cause, v->arch.stval);
}

/* The trapped instruction, 16 or 32 bits; false if the guest cannot fetch it. */
static bool fetch_insn(uint64_t pc, uint32_t *insn)
{
	uint16_t lo, hi;

	if (riscv_guest_fetch16(GVA(pc), &lo))
		return false;
	*insn = lo;
	if (insn_len(lo) == 2)
		return true;
	if (riscv_guest_fetch16(GVA(pc + 2), &hi))
		return false;
	*insn |= (uint32_t)hi << 16;
	return true;
}

static uint64_t sign_extend(uint64_t val, unsigned width)
{
	unsigned shift = 64 - 8 * width;

	return width >= 8 ? val : (uint64_t)((int64_t)(val << shift) >> shift);
}

/* A load or store to an emulated device: decode, perform, step. */
static void emulate_mmio(struct vcpu *v, uint64_t cause, uint64_t gpa)
{
	struct arch_regs *r = &v->arch.regs;
	bool store = cause == EXC_STORE_GUEST_PAGE_FAULT;
	uint64_t fault = store ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS;
	struct insn_mem m;
	uint32_t insn = 0;
	uint64_t val;

	if (!fetch_insn(r->pc, &insn) || !insn_decode_mem(insn, &m) || m.store != store) {
		/* QEMU reports an AMO's fault as a load's; a hart raises a store/AMO fault. */
		if (insn_is_amo_store(insn))
			fault = EXC_STORE_ACCESS;
		access_fault(v, fault, gpa, "not a plain load or store");
		return;
	}
	val = store ? (m.reg ? r->x[m.reg] : 0) : 0;
	if (vmmio_access(&v->guest->mmio, gpa, m.width, store, &val) != VMMIO_OK) {
		access_fault(v, fault, gpa, "an access this device does not take");
		return;
	}
	if (!store && m.reg)
		r->x[m.reg] = m.sign_extend ? sign_extend(val, m.width) : val;
	trace_exit_mmio(gpa, m.width, store, val);
	r->pc += m.len;
	v->guest->stats.mmio++;
	virq_update_external(v->guest);
}

static void guest_page_fault(struct vcpu *v, uint64_t cause)
{
	struct arch_vcpu *a = &v->arch;
	uint64_t gpa = (a->htval << 2) | (a->stval & 3);
	bool walk = (a->htinst & HTINST_PSEUDO_MASK) == HTINST_PSEUDO_WALK;
	uint64_t fault = cause == EXC_INST_GUEST_PAGE_FAULT   ? EXC_INST_ACCESS
			 : cause == EXC_LOAD_GUEST_PAGE_FAULT ? EXC_LOAD_ACCESS
							      : EXC_STORE_ACCESS;

	/*
	 * This QEMU reports an instruction fetch's guest-page fault as a load's
	 * (cause 21): a "load" of the instruction at pc is the fetch itself.
	 */
	if (fault == EXC_LOAD_ACCESS && (a->stval == a->regs.pc || a->stval == a->regs.pc + 2))
		fault = EXC_INST_ACCESS;
	if (walk) {
		/* The page-table entry it read: htval only, stval is the virtual address. */
		access_fault(v, fault, a->htval << 2, "its page-table walk left its memory");
		return;
	}
	if (fault != EXC_INST_ACCESS && vmmio_device_name(gpa)) {
		emulate_mmio(v, cause, gpa);
		return;
	}
	access_fault(v, fault, gpa,
		     fault == EXC_INST_ACCESS ? "no memory to execute"
					      : "no memory or device there");
}

/*
 * A privileged instruction the guest may not run itself in VS-mode. Only its
 * kernel's wfi is an idle: a user program's (VU-mode, SPP clear) is the
 * illegal instruction a real hart raises for wfi in U-mode.
 */
static void virtual_instruction(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	if ((uint32_t)a->stval == INSN_WFI && (a->regs.sstatus & SSTATUS_SPP)) {
		a->regs.pc += 4;
		v->guest->stats.wfi++;
		virq_release(v->guest); /* what a device held back is due now */
		trace_exit_wfi(!virq_pending(v));
		if (virq_pending(v))
			return;
		/* Waiting, maybe at a prompt its UART driver sent by interrupts. */
		console_show(&v->guest->con);
		sched_block(v);
		return;
	}
	/*
	 * Hypervisor CSRs, stimecmp without Sstc, ...: a real S-mode hart has
	 * none; and what VU-mode may not do (wfi, sret, S-level CSRs) is illegal in U-mode.
	 */
	trace_exit_note("illegal instruction given back");
	give_back(v, EXC_ILLEGAL_INST, a->stval);
}

void riscv_fv_fault(struct vcpu *v, uint64_t cause)
{
	struct arch_vcpu *a = &v->arch;

	switch (cause) {
	case EXC_VIRTUAL_INST:
		virtual_instruction(v);
		break;
	case EXC_INST_GUEST_PAGE_FAULT:
	case EXC_LOAD_GUEST_PAGE_FAULT:
	case EXC_STORE_GUEST_PAGE_FAULT:
		guest_page_fault(v, cause);
		break;
	default: /* illegal instruction, access faults, misaligned accesses */
		give_back(v, cause, a->stval);
		break;
	}
}
