/* SPDX-License-Identifier: MIT */
/*
 * vsbi_hsm.c - SBI HSM (hart state management, SBI v2.0 chapter 9) for an
 * FV guest's vCPUs: each guest hart is one of its vCPUs, hart id = vCPU id.
 * vCPU 0 starts at boot, the others are STOPPED (VCPU_DOWN) until the guest
 * starts them. A start is immediate: the new vCPU is runnable when the call
 * returns, so no hart is ever seen START_PENDING or STOP_PENDING (the caller
 * and it share one hart: it cannot run before the call ends anyway).
 * Stopping the last started hart ends the guest, as powering off would.
 */
#include "arch/csr.h"
#include "arch/vsbi.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "hyp/fv/virq.h"

#include <pvabi/pvabi.h>

enum { HSM_START, HSM_STOP, HSM_STATUS, HSM_SUSPEND };
enum { HSM_STARTED, HSM_STOPPED, HSM_START_PENDING, HSM_STOP_PENDING, HSM_SUSPENDED };
#define HSM_SUSPEND_RETENTIVE 0u
#define HSM_SUSPEND_NON_RETENTIVE 0x80000000u

/* Guest-physical code the hart may start at: in its RAM (not a device, not nothing). */
static bool valid_entry(struct guest *g, uint64_t addr)
{
	return addr >= GUEST_RAM_BASE && guest_phys(g, GPA(addr)) != NULL;
}

/* hart_start(hartid, start_addr, opaque): S-mode, paging off, a0 hartid, a1 opaque. */
static long hsm_start(struct vcpu *v, uint64_t hartid, uint64_t addr, uint64_t opaque)
{
	struct guest *g = v->guest;
	struct vcpu *t = guest_vcpu(g, hartid);

	if (!t)
		return SBI_ERR_INVALID_PARAM;
	/* A started hart is reported as such whatever the address (checked next). */
	if (vcpu_is_up(t))
		return SBI_ERR_ALREADY_AVAILABLE;
	if (!valid_entry(g, addr))
		return SBI_ERR_INVALID_ADDRESS;
	/* guest_vcpu_up resets it as a boot does: sstatus.SIE 0, satp 0, S-mode. */
	switch (guest_vcpu_up(g, hartid, GPA(addr), hartid, opaque)) {
	case 0:
		return SBI_SUCCESS;
	case -PVABI_EEXIST:
		return SBI_ERR_ALREADY_AVAILABLE;
	default: /* -PVABI_EAGAIN: it stopped inside a long call it has not left yet */
		return SBI_ERR_FAILED;
	}
}

/* hart_stop: the calling hart only; it returns only on failure (none here). */
static long hsm_stop(struct vcpu *v)
{
	struct guest *g = v->guest;

	if (guest_vcpus_up(g) <= 1) {
		guest_stop(g, GUEST_SHUTDOWN, "stopped its last hart (SBI HSM hart_stop)");
		return SBI_SUCCESS;
	}
	guest_vcpu_down(g, v->id); /* its external line drops with it */
	return SBI_SUCCESS;
}

/*
 * A hart in a suspend is blocked and has made no exit since the call that
 * suspended it (arch.hsm_suspend_exit records that exit's number): once it
 * runs again, it is STARTED without anyone having to notice.
 */
static bool suspended(const struct vcpu *t)
{
	return t->state == VCPU_BLOCKED && t->arch.hsm_suspend_exit == t->nr_exits;
}

static struct sbi_ret hsm_status(struct vcpu *v, uint64_t hartid)
{
	struct vcpu *t = guest_vcpu(v->guest, hartid);

	if (!t)
		return (struct sbi_ret){ SBI_ERR_INVALID_PARAM, 0 };
	if (!vcpu_is_up(t))
		return (struct sbi_ret){ SBI_SUCCESS, HSM_STOPPED };
	return (struct sbi_ret){ SBI_SUCCESS, suspended(t) ? HSM_SUSPENDED : HSM_STARTED };
}

/*
 * Non-retentive: the hart's state is lost and it resumes at resume_addr as a
 * started hart does (a0 hartid, a1 opaque, S-mode, satp 0, sstatus.SIE 0).
 * The caller is the loaded vCPU, so its VS CSRs are the hart's own.
 */
static void lose_state(struct vcpu *v, uint64_t resume_addr, uint64_t opaque)
{
	struct arch_regs *r = &v->arch.regs;

	csr_write(vsatp, 0);
	csr_clear(vsstatus, SSTATUS_SIE);
	r->pc = resume_addr;
	r->x[REG_A0] = v->id;
	r->x[REG_A1] = opaque;
	v->regs_reset = true; /* vsbi_dispatch must not write a result over them */
}

/* hart_suspend(type, resume_addr, opaque): both kinds wait for an interrupt as WFI does. */
static long hsm_suspend(struct vcpu *v, uint64_t type, uint64_t resume_addr, uint64_t opaque)
{
	if (type == HSM_SUSPEND_NON_RETENTIVE) {
		if (!valid_entry(v->guest, resume_addr))
			return SBI_ERR_INVALID_ADDRESS;
		lose_state(v, resume_addr, opaque);
	} else if (type != HSM_SUSPEND_RETENTIVE) {
		/* Other types are reserved or platform-specific: none is offered. */
		return SBI_ERR_INVALID_PARAM;
	}
	v->arch.hsm_suspend_exit = v->nr_exits;
	if (!virq_pending(v))
		sched_block(v);
	return SBI_SUCCESS;
}

static struct sbi_ret hsm_call(struct vcpu *v, uint64_t ext, uint64_t fid, const uint64_t *args)
{
	(void)ext;
	switch (fid) {
	case HSM_START:
		return (struct sbi_ret){ hsm_start(v, args[0], args[1], args[2]), 0 };
	case HSM_STOP:
		return (struct sbi_ret){ hsm_stop(v), 0 };
	case HSM_STATUS:
		return hsm_status(v, args[0]);
	case HSM_SUSPEND:
		return (struct sbi_ret){ hsm_suspend(v, args[0], args[1], args[2]), 0 };
	default:
		return (struct sbi_ret){ SBI_ERR_NOT_SUPPORTED, 0 };
	}
}

const struct vsbi_ext vsbi_ext_hsm = {
	.id_min = SBI_EXT_HSM,
	.id_max = SBI_EXT_HSM,
	.name = "HSM",
	.call = hsm_call,
	VSBI_FIDS("hart_start", "hart_stop", "hart_get_status", "hart_suspend"),
};
