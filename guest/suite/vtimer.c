/* Per-vCPU timers across context switches. Two domains share one pCPU and
 * spin through each other's time slices; each arms its own timer and
 * checks that it fires once, after its own deadline, into itself (never
 * into the other vCPU, never lost), also when the vCPU is blocked.
 * Generic: VIRQ_TIMER (set_timer_op). Where the arch has a guest-owned
 * per-CPU timer IRQ (arm's virtual timer, PPI 27) the same cases run on it. */
#include <larch/format.h>
#include "suite.h"

#define ROUNDS 4

static volatile uint64_t peer_hits;
static volatile uint64_t vt_fired, vt_wrong, vt_time, vt_deadline;

void suite_timer_fired(void)
{
	vt_time = arch_counter();
	vt_fired++;
	if (!suite_timer_condition() || vt_time < vt_deadline)
		vt_wrong++;
	suite_timer_stop();
}

static void rendezvous(evtchn_port_t peer, uint64_t n)
{
	evtchn_send(peer);
	wait_for(&peer_hits, n, 500 * SLICE_NS);
}

static void virq_rounds(const char *name_once)
{
	unsigned id = arch_vcpu_id(), dom = start_info->domid;
	timer_port();
	bool ok = true;
	for (unsigned r = 0; r < ROUNDS && ok; r++) {
		uint64_t before = timer_hits[id];
		uint64_t dl = now_ns() + (2 + r + dom) * SLICE_NS / 2;
		local_irq_enable();
		HYPERVISOR_set_timer_op(dl);
		uint64_t end = dl + 3 * SLICE_NS;
		uint64_t seen_at = 0;
		while (now_ns() < end)
			if (!seen_at && timer_hits[id] != before)
				seen_at = now_ns();
		ok = timer_hits[id] == before + 1 && seen_at >= dl;
	}
	test_result("vtimer", name_once, ok,
		    "VIRQ_TIMER lost, repeated or early across switches");
}

static void percpu_rounds(const char *name_once, const char *name_block)
{
	unsigned dom = start_info->domid;
	bool ok = true;
	for (unsigned r = 0; r < ROUNDS && ok; r++) {
		vt_fired = vt_wrong = 0;
		local_irq_enable();
		vt_deadline = arch_counter() +
			      ns_to_counter((2 + r + dom) * SLICE_NS / 2);
		suite_timer_arm(vt_deadline);
		uint64_t end = vt_deadline + ns_to_counter(3 * SLICE_NS);
		while (arch_counter() < end)
			; /* the other domain runs in between */
		suite_timer_stop();
		ok = vt_fired == 1 && vt_wrong == 0;
	}
	test_result("vtimer", name_once, ok,
		    vt_wrong ? "fired into this vCPU before its own deadline"
			     : "lost or repeated across context switches");

	/* Blocked: the hypervisor must wake the vCPU when its timer is due. */
	vt_fired = vt_wrong = 0;
	vt_deadline = arch_counter() + ns_to_counter(3 * SLICE_NS / 2);
	suite_timer_arm(vt_deadline);
	uint64_t give_up = now_ns() + 200 * SLICE_NS;
	local_irq_disable();
	while (!vt_fired && now_ns() < give_up) {
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		local_irq_disable();
	}
	local_irq_enable();
	test_result("vtimer", name_block, vt_fired == 1 && vt_wrong == 0,
		    "a blocked vCPU was not woken by its own timer");
}

void vtimer_cases(evtchn_port_t peer)
{
	char once[40], block[40], virq[40];
	unsigned dom = start_info->domid;
	evtchn_set_handler(peer, count_handler, (void *)&peer_hits);
	rendezvous(peer, 1);
	/* names carry the domain so both domains' lines differ */
	snprintk(virq, sizeof(virq), "d%u_virq_timer_across_switches", dom);
	snprintk(once, sizeof(once), "d%u_percpu_timer_across_switches", dom);
	snprintk(block, sizeof(block), "d%u_percpu_timer_wakes_blocked", dom);
	virq_rounds(virq);
	rendezvous(peer, 2);
	if (suite_has_percpu_timer())
		percpu_rounds(once, block);
	rendezvous(peer, 3);
}
