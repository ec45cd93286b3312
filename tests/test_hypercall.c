/* Host tests: hypercall dispatch rejects bad numbers and pointers and
 * changes nothing when it does. */
#include "common_util.h"
#include <larch/format.h>
#include <public/xen_mm.h>

static struct vcpu *one(struct domain **d)
{
	fake_reset(1);
	*d = fake_domain(0, 1, 0, 0);
	return &(*d)->vcpus[0];
}

static void unknown_hypercall_is_enosys(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	EXPECT_EQ(hcall(v, 9999, 0, 0, 0), -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, ~0ULL, 0, 0, 0), -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, 1, 0, 0), -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_xen_version, XENVER_version, 0, 0),
		  0x00010000);
}

static void console_write_prints_whole_lines(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	memcpy(gptr(d, 0x100), "hello ", 6);
	memcpy(gptr(d, 0x200), "world\n", 6);
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, 6,
			gaddr(0x100)),
		  6);
	EXPECT_EQ(fake.console_len, 0); /* held until the newline */
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, 6,
			gaddr(0x200)),
		  6);
	EXPECT(strcmp(fake.console, "hello world\r\n") == 0);
}

static void console_bad_buffer_prints_nothing(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	uint64_t end = GUEST_BASE + d->mem_size;
	EXPECT_EQ(
		hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, 10, end - 5),
		-XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, 10, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, 1ULL << 40,
			gaddr(0)),
		  -XEN_EINVAL);
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, 7, 1, gaddr(0)),
		  -XEN_ENOSYS);
	EXPECT_EQ(fake.console_len, 0);
	EXPECT_EQ(d->con_len, 0);
}

/* busybox's shell asks the terminal for the cursor position (ESC [ 6 n):
 * the whole sequence goes (ESC x too), the text around it stays. */
static void console_control_characters_dropped(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	static const char text[] = "/ # \x1b[6nls\x1b"
				   "7\x1b[1;32mok\n";
	memcpy(gptr(d, 0x100), text, sizeof(text) - 1);
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write,
			sizeof(text) - 1, gaddr(0x100)),
		  (long)sizeof(text) - 1);
	EXPECT(strcmp(fake.console, "/ # lsok\r\n") == 0);
}

/* A line longer than the 159-byte buffer: every physical line it becomes
 * names its domain; a line that fits, before or after, is printed as is. */
static void console_long_line_prefixed(void)
{
	fake_reset(1);
	fake_domain(0, 1, 0, 0);
	struct domain *d = fake_domain(1, 1, 0, 0);
	struct vcpu *v = &d->vcpus[0];
	char *g = (char *)gptr(d, 0x100);
	size_t n = 0;
	n += (size_t)sprintf(g + n, "short\n");
	for (int i = 0; i < 400; i++)
		g[n++] = (char)('a' + i % 26);
	g[n++] = '\n';
	for (int i = 0; i < 159; i++) /* exactly fits: one plain line */
		g[n++] = 'f';
	g[n++] = '\n';
	for (int i = 0; i < 318; i++) /* two full pieces, no empty third */
		g[n++] = 'e';
	n += (size_t)sprintf(g + n, "\nafter\n");
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, n,
			gaddr(0x100)),
		  (long)n);
	static char want[2048];
	size_t w = 0, k = 0;
	w += (size_t)sprintf(want + w, "short\r\n");
	for (size_t piece = 0; piece < 3; piece++) {
		w += (size_t)sprintf(want + w, "(d1) ");
		for (size_t i = 0; i < 159 && k < 400; i++, k++)
			want[w++] = (char)('a' + k % 26);
		w += (size_t)sprintf(want + w, "\r\n");
	}
	memset(want + w, 'f', 159);
	w += 159;
	w += (size_t)sprintf(want + w, "\r\n");
	for (int piece = 0; piece < 2; piece++) {
		w += (size_t)sprintf(want + w, "(d1) ");
		memset(want + w, 'e', 159);
		w += 159;
		w += (size_t)sprintf(want + w, "\r\n");
	}
	sprintf(want + w, "after\r\n");
	EXPECT(strcmp(fake.console, want) == 0);
	if (strcmp(fake.console, want) != 0)
		printf("    got: %s\n", fake.console);
}

static void sched_op_bad_commands(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	EXPECT_EQ(hcall(v, __HYPERVISOR_sched_op, 42, 0, 0), -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_sched_op, 1ULL << 32, 0, 0),
		  -XEN_ENOSYS);
	EXPECT_EQ(hcall(v, __HYPERVISOR_sched_op, SCHEDOP_shutdown, 0, 0),
		  -XEN_EFAULT);
	EXPECT_EQ(d->state, DOM_RUNNING);
}

static void exit_needs_privilege(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	EXPECT_EQ(hcall(v, __HYPERVISOR_larch_op, LARCHOP_exit_qemu, 0, 0),
		  -XEN_EPERM);
	EXPECT_EQ(fake.exit_code, -1);
	d->privileged = true;
	hcall(v, __HYPERVISOR_larch_op, LARCHOP_exit_qemu, 5, 0);
	EXPECT_EQ(fake.exit_code, 5);
	EXPECT_EQ(hcall(v, __HYPERVISOR_larch_op, 99, 0, 0), -XEN_ENOSYS);
}

static void domain_state_query(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	struct domain *b = fake_domain(1, 1, 0, 0);
	EXPECT_EQ(hcall(v, __HYPERVISOR_larch_op, LARCHOP_domain_state, 1, 0),
		  LARCH_DOMSTATE_RUNNING << 8);
	domain_shutdown(b, SHUTDOWN_crash);
	EXPECT_EQ(hcall(v, __HYPERVISOR_larch_op, LARCHOP_domain_state, 1, 0),
		  LARCH_DOMSTATE_SHUTDOWN << 8 | SHUTDOWN_crash);
	EXPECT_EQ(hcall(v, __HYPERVISOR_larch_op, LARCHOP_domain_state, 7, 0),
		  -XEN_ESRCH);
	EXPECT_EQ(
		hcall(v, __HYPERVISOR_larch_op, LARCHOP_domain_state, ~0ULL, 0),
		-XEN_ESRCH);
}

static void guest_memory_bounds(void)
{
	struct domain *d;
	one(&d);
	EXPECT(guest_mem_ptr(d, GUEST_BASE, d->mem_size) == d->host_base);
	EXPECT(guest_mem_ptr(d, GUEST_BASE, d->mem_size + 1) == NULL);
	EXPECT(guest_mem_ptr(d, GUEST_BASE + d->mem_size, 0) != NULL);
	EXPECT(guest_mem_ptr(d, GUEST_BASE + d->mem_size, 1) == NULL);
	EXPECT(guest_mem_ptr(d, ~0ULL, 2) == NULL);
	EXPECT(guest_mem_ptr(d, GUEST_BASE + 8, ~0ULL) == NULL);
	EXPECT(guest_mem_ptr(d, 0, 4) == NULL);
}

static void singleshot_timer_only_for_self(void)
{
	fake_reset(1);
	struct domain *d = fake_domain(0, 2, 0, 0);
	struct vcpu *v = &d->vcpus[0];
	struct vcpu_set_singleshot_timer st = { 777, 0, 0 };
	memcpy(gptr(d, 0x100), &st, sizeof(st));
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 1,
			gaddr(0x100)),
		  -XEN_EINVAL);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0,
			0x5),
		  -XEN_EFAULT);
	EXPECT(!v->singleshot.active);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0,
			gaddr(0x100)),
		  0);
	EXPECT(v->singleshot.active);
	EXPECT_EQ(v->singleshot.expires, 777);
	/* nor does another vCPU stop it (as in Xen) */
	EXPECT_EQ(hcall(&d->vcpus[1], __HYPERVISOR_vcpu_op,
			VCPUOP_stop_singleshot_timer, 0, 0),
		  -XEN_EINVAL);
	EXPECT(v->singleshot.active);
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_stop_singleshot_timer,
			0, 0),
		  0);
	EXPECT(!v->singleshot.active);
}

/* VCPUOP_register_vcpu_info: events for the vCPU flag the guest's copy
 * from then on; bad arguments change nothing. */
static void register_vcpu_info_moves_events(void)
{
	struct domain *a, *b;
	evtchn_port_t pa, pb;
	fake_reset(1);
	two_doms_bound(&a, &b, &pa, &pb);
	struct vcpu *v = &b->vcpus[0];
	struct vcpu_info *old = v->vcpu_info;
	struct vcpu_register_vcpu_info bad[] = {
		{ (GUEST_BASE + 0x2000) >> 12, 4090, 0 }, /* crosses the page */
		{ (GUEST_BASE + 0x2000) >> 12, 64, 1 },	  /* rsvd set */
		{ ~0ULL, 0, 0 },			  /* outside memory */
		{ (GUEST_BASE + 0x2000) >> 12, 3, 0 },	  /* misaligned */
	};
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(gptr(b, 0x100), &bad[i], sizeof(bad[i]));
		EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op,
				VCPUOP_register_vcpu_info, 0, gaddr(0x100)),
			  -XEN_EINVAL);
	}
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 1,
			gaddr(0x100)),
		  -XEN_ENOENT);
	EXPECT(v->vcpu_info == old);
	struct vcpu_register_vcpu_info r = { (GUEST_BASE + 0x2000) >> 12, 64,
					     0 };
	memcpy(gptr(b, 0x100), &r, sizeof(r));
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0,
			gaddr(0x100)),
		  0);
	struct vcpu_info *vi = gptr(b, 0x2040);
	EXPECT(v->vcpu_info == vi);
	EXPECT_EQ(evtchn_send(&a->vcpus[0], pa), 0);
	EXPECT_EQ(vi->evtchn_upcall_pending, 1);
	EXPECT_EQ(vi->evtchn_pending_sel, 1ULL << (pb / 64));
	EXPECT_EQ(old->evtchn_upcall_pending, 0);
	EXPECT_EQ(old->evtchn_pending_sel, 0);
	/* the runstate area is checked like any guest area (tests of its
	 * updates: test_sched.c) */
	uint64_t area = gaddr(0x3000);
	memcpy(gptr(b, 0x100), &area, sizeof(area));
	EXPECT_EQ(hcall(v, __HYPERVISOR_vcpu_op,
			VCPUOP_register_runstate_memory_area, 0, gaddr(0x100)),
		  0);
	EXPECT(v->runstate == gptr(b, 0x3000));
}

static void formatter(void)
{
	char buf[64];
	snprintk(buf, sizeof(buf), "%s %d %u %x %05u %lld|%c", "x", -42, 7u,
		 0xbeefu, 42u, -9000000000LL, 'z');
	EXPECT(strcmp(buf, "x -42 7 beef 00042 -9000000000|z") == 0);
	EXPECT_EQ(snprintk(buf, 4, "%s", "abcdef"), 6);
	EXPECT(strcmp(buf, "abc") == 0);
}

static void counter_conversions(void)
{
	EXPECT_EQ(time_counter_to_ns(62500000, 62500000), 1000000000);
	EXPECT_EQ(time_counter_to_ns(1, 62500000), 16);
	EXPECT_EQ(time_ns_to_counter(16, 62500000), 1);
	EXPECT_EQ(time_ns_to_counter(-5, 62500000), 0);
	/* no overflow at large counts: 2^63 ticks of 512 MHz */
	EXPECT_EQ(time_counter_to_ns(1ULL << 62, 512000000ULL),
		  (s_time_t)((1ULL << 62) / 512000000ULL) * 1000000000LL +
			  (s_time_t)(((1ULL << 62) % 512000000ULL) *
				     1000000000ULL / 512000000ULL));
	EXPECT_EQ(time_ns_to_counter(3000000000LL, 512000000ULL),
		  1536000000ULL);
}

/* CONSOLEIO_write takes at most 4096 bytes a call (CONSOLE_MAX); more is
 * refused whole, nothing printed. */
static void console_write_4096_edge(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	char *buf = gptr(d, 0x1000);
	for (unsigned i = 0; i < 4097; i++)
		buf[i] = i % 64 == 63 ? '\n' : 'x';
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, 4097,
			gaddr(0x1000)),
		  -XEN_EINVAL);
	EXPECT_EQ(fake.console_len, 0);
	EXPECT_EQ(d->con_len, 0);
	EXPECT_EQ(hcall(v, __HYPERVISOR_console_io, CONSOLEIO_write, 4096,
			gaddr(0x1000)),
		  4096);
	EXPECT(fake.console_len > 0);
	EXPECT_EQ(d->con_len, 0); /* 4096 ends on a newline */
}

/* set_timer_op(0) cancels: no VIRQ_TIMER at the old deadline. */
static void set_timer_op_zero_cancels(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	struct evtchn_bind_virq bv = { VIRQ_TIMER, 0, 0 };
	EXPECT_EQ(evtchn_bind_virq(v, &bv), 0);
	EXPECT_EQ(hcall(v, __HYPERVISOR_set_timer_op, 5000, 0, 0), 0);
	EXPECT(v->singleshot.active);
	EXPECT_EQ(hcall(v, __HYPERVISOR_set_timer_op, 0, 0, 0), 0);
	EXPECT(!v->singleshot.active);
	fake.now = 5000;
	timer_run_expired(0);
	EXPECT(!test_bit(bv.port, d->shared_info->evtchn_pending));
	EXPECT(!vcpu_upcall_pending(v));
}

HARNESS_DEFINE("host");

/* multicall: each entry's result lands in that entry; a nested batch is
 * refused in its own result; an unreadable list or an oversized batch is
 * refused before anything runs past it. */
static void multicall_results_per_entry(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	struct multicall_entry *e = gptr(d, 0x300);
	memset(e, 0, 3 * sizeof(*e));
	memcpy(gptr(d, 0x100), "mc\n", 3);
	e[0].op = __HYPERVISOR_console_io;
	e[0].args[0] = CONSOLEIO_write;
	e[0].args[1] = 3;
	e[0].args[2] = gaddr(0x100);
	e[1].op = __HYPERVISOR_multicall;
	e[1].args[0] = gaddr(0x300);
	e[1].args[1] = 1;
	e[2].op = 9999;
	EXPECT_EQ(hcall(v, __HYPERVISOR_multicall, gaddr(0x300), 3, 0), 0);
	EXPECT_EQ(e[0].result, 3);
	EXPECT_EQ(e[1].result, -XEN_EINVAL);
	EXPECT_EQ(e[2].result, -XEN_ENOSYS);
	EXPECT(strcmp(fake.console, "mc\r\n") == 0);
}

static void multicall_bad_list_refused(void)
{
	struct domain *d;
	struct vcpu *v = one(&d);
	uint64_t end = GUEST_BASE + d->mem_size;
	EXPECT_EQ(hcall(v, __HYPERVISOR_multicall, end - 8, 1, 0), -XEN_EFAULT);
	EXPECT_EQ(hcall(v, __HYPERVISOR_multicall, gaddr(0),
			MULTICALL_MAX_ENTRIES + 1, 0),
		  -XEN_EINVAL);
	EXPECT_EQ(hcall(v, __HYPERVISOR_multicall, 0, 0, 0), 0);
	EXPECT_EQ(fake.console_len, 0);
}

int main(void)
{
	RUN("hypercall", unknown_hypercall_is_enosys);
	RUN("hypercall", register_vcpu_info_moves_events);
	RUN("hypercall", console_write_prints_whole_lines);
	RUN("hypercall", console_bad_buffer_prints_nothing);
	RUN("hypercall", console_control_characters_dropped);
	RUN("hypercall", console_long_line_prefixed);
	RUN("hypercall", sched_op_bad_commands);
	RUN("hypercall", exit_needs_privilege);
	RUN("hypercall", domain_state_query);
	RUN("hypercall", guest_memory_bounds);
	RUN("hypercall", singleshot_timer_only_for_self);
	RUN("hypercall", formatter);
	RUN("hypercall", counter_conversions);
	RUN("hypercall", console_write_4096_edge);
	RUN("hypercall", set_timer_op_zero_cancels);
	RUN("hypercall", multicall_results_per_entry);
	RUN("hypercall", multicall_bad_list_refused);
	return harness_failed ? 1 : 0;
}
