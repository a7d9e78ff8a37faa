/* SPDX-License-Identifier: MIT */
/*
 * virq.c - the three interrupt lines of an FV guest's hart (see virq.h).
 * Raising a line wakes a vCPU blocked in WFI; WFI may also end early (input
 * arrived, a line the guest masked was raised), which the architecture allows.
 */
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "hyp/debug/trace.h"
#include "hyp/fv/virq.h"

void virq_raise(struct vcpu *v, enum arch_virq line)
{
	static const char *const names[] = { "software interrupt", "timer interrupt",
					     "external interrupt" };

	arch_vcpu_set_irq(v, line, true);
	trace_irq(v, line, names[line]);
	sched_wake(v);
}

void virq_set_timer(struct vcpu *v, uint64_t guest_time)
{
	/* SBI: setting the timer clears a pending timer interrupt. */
	arch_vcpu_set_irq(v, ARCH_VIRQ_TIMER, false);
	sched_set_deadline(v, guest_to_host_time(v->guest, guest_time));
	sched_timer_fire(v, arch_time());
}

/*
 * Only a change reaches the hart: most device accesses (every byte a UART
 * sends) leave the line as it was, and telling the hart again, tracing a
 * raise and looking for a vCPU to wake cost more than the access itself.
 */
void virq_update_external(struct guest *g)
{
	bool level;

	struct vcpu *v0 = &g->vcpus[0]; /* the PLIC's one context is vCPU 0's */

	if (!vcpu_is_up(v0))
		return;
	level = vmmio_irq_level(&g->mmio);
	if (level == g->mmio.ext_level)
		return;
	g->mmio.ext_level = level;
	if (level)
		virq_raise(v0, ARCH_VIRQ_EXT);
	else
		arch_vcpu_set_irq(v0, ARCH_VIRQ_EXT, false);
}

void virq_release(struct guest *g)
{
	vmmio_release(&g->mmio);
	virq_update_external(g);
}

void virq_send_soft(struct vcpu *v)
{
	if (vcpu_is_up(v))
		virq_raise(v, ARCH_VIRQ_SOFT);
}

bool virq_pending(struct vcpu *v)
{
	return arch_vcpu_irq_pending(v);
}
