/* SPDX-License-Identifier: MIT */
/*
 * virq.c - the three interrupt lines of each of an FV guest's harts (vCPUs;
 * see virq.h). Raising a line wakes a vCPU blocked in WFI; WFI may also end
 * early (input arrived, a line the guest masked was raised), which the
 * architecture allows.
 */
#include "hyp/core/arch.h"
#include "hyp/core/guest.h"
#include "hyp/core/sched.h"
#include "hyp/debug/trace.h"
#include "hyp/fv/guest_dt.h"
#include "hyp/fv/virq.h"

_Static_assert(GUEST_VCPU_MAX <= VPLIC_CTX_MAX && GUEST_VCPU_MAX <= GUEST_DT_HARTS_MAX,
	       "a PLIC context and a cpu node for every vCPU a guest may have");

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

/* The vCPUs whose lines are driven: up ones (a down vCPU's lines start low when it starts). */
static uint32_t up_mask(const struct guest *g)
{
	uint32_t up = 0;

	for (unsigned i = 0; i < g->nr_vcpus; i++)
		up |= (uint32_t)vcpu_is_up(&g->vcpus[i]) << i;
	return up;
}

/*
 * Each vCPU's external line is its own PLIC context's output. Only a change
 * reaches a hart: most device accesses (every byte a UART sends) leave the
 * lines as they were, and telling the hart again, tracing a raise and
 * looking for a vCPU to wake cost more than the access itself.
 */
void virq_update_external(struct guest *g)
{
	uint32_t lines = vmmio_irq_lines(&g->mmio) & up_mask(g);
	uint32_t changed = lines ^ g->mmio.ext_lines;

	g->mmio.ext_lines = lines;
	for (unsigned i = 0; i < g->nr_vcpus; i++) {
		if (!(changed & (1u << i)))
			continue;
		if (lines & (1u << i))
			virq_raise(&g->vcpus[i], ARCH_VIRQ_EXT);
		else
			arch_vcpu_set_irq(&g->vcpus[i], ARCH_VIRQ_EXT, false);
	}
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
