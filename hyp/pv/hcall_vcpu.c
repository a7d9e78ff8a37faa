/* SPDX-License-Identifier: MIT */
/*
 * hcall_vcpu.c - a PV guest's own vCPUs: vcpu_op (up, down, is_up) and
 * event_op (an IPI to one of them). The vCPUs share their guest's home
 * hart (guest_vcpu_up), so the target of a call never runs while the call
 * is made.
 */
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "hyp/pv/event.h"
#include "hyp/pv/hcall.h"

/* The caller's guest's vCPU id comes up with the state at ctx_va, on the caller's root. */
static int64_t vcpu_up(struct vcpu *self, uint64_t id, gva_t ctx_va)
{
	struct guest *g = self->guest;
	struct vcpu *v = guest_vcpu(g, id);
	struct pvabi_vcpu_context ctx;
	int err;

	if (!v)
		return -PVABI_EINVAL;
	if (v->state != VCPU_DOWN)
		return -PVABI_EEXIST; /* checked first: the plainest answer to "up twice" */
	if (arch_copy_from_guest(&ctx, ctx_va, sizeof(ctx)))
		return -PVABI_EFAULT;
	if ((ctx.pc & 1) || ctx.reserved)
		return -PVABI_EINVAL;
	if (arch_guest_check_exec(GVA(ctx.pc)))
		return -PVABI_EFAULT;
	/* pc is guest-virtual: the vCPU runs on the caller's root from its first instruction. */
	if ((err = guest_vcpu_up(g, id, GPA(ctx.pc), ctx.a0, id)))
		return err;
	arch_vcpu_set_stack(v, ctx.sp);
	pvmmu_drop_root(v); /* the root it was taken down on, if its reference was kept */
	if ((err = pvmmu_share_root(v, self))) {
		guest_vcpu_down(g, id); /* the caller is up: the guest goes on */
		return err;
	}
	return 0;
}

static int64_t vcpu_down(struct vcpu *self, uint64_t id)
{
	struct vcpu *v = guest_vcpu(self->guest, id);

	if (!v)
		return -PVABI_EINVAL;
	/*
	 * Its root is pinned while referenced: let the guest unpin it. Not
	 * while it finishes a call it was preempted in, which may install a
	 * root still: vcpu_up drops that one.
	 */
	if (vcpu_is_up(v) && !sched_vcpu_busy(v))
		pvmmu_drop_root(v);
	return guest_vcpu_down(self->guest, id);
}

int64_t hcall_vcpu_op(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	struct vcpu *t;

	switch (args[0]) {
	case PVABI_VCPUOP_up:
		return vcpu_up(v, args[1], GVA(args[2]));
	case PVABI_VCPUOP_down:
		return vcpu_down(v, args[1]);
	case PVABI_VCPUOP_is_up:
		if (!(t = guest_vcpu(v->guest, args[1])))
			return -PVABI_EINVAL;
		*value = vcpu_is_up(t);
		return (int64_t)*value; /* Xen's: 1 or 0 in the result */
	default:
		return -PVABI_ENOSYS;
	}
}

int64_t hcall_event_op(struct vcpu *v, const uint64_t args[5], uint64_t *value)
{
	struct vcpu *t;

	(void)value;
	if (args[0] != PVABI_EVTOP_send_ipi)
		return -PVABI_ENOSYS;
	if (!(t = guest_vcpu(v->guest, args[1])))
		return -PVABI_EINVAL;
	event_raise(t, PVABI_EVT_ipi); /* a down vCPU takes none: lost */
	return 0;
}
