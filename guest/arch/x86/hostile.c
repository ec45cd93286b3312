/* x86 role "arch-test": hostile guests against the x86 trap paths. Each
 * "arch-test <k>" domain does one thing the hypervisor must refuse by
 * stopping it (and nothing else); the observer ("arch-test observer <n>")
 * checks bad arguments are refused with an error, that domains 1..n were
 * stopped as crashed, and that it still runs. */
#include <guest.h>
#include "suite.h"

struct iret_frame {
	uint64_t rax, rcx, r11, rip, rflags, rsp;
};

static void __attribute__((noinline)) iret_with_frame(uint64_t sp)
{
	__asm__ __volatile__("mov %0, %%rsp\n\tmov $23, %%eax\n\tsyscall"
			     :
			     : "r"(sp)
			     : "rax", "rcx", "r11", "memory");
}

static const char *const actions[] = {
	[1] = "iret with its frame outside its memory",
	[2] = "iret to a non-canonical rip",
	[3] = "cli in ring 3",
	[4] = "int $0x80",
	[5] = "an I/O port write",
	[6] = "an x87 instruction",
	[7] = "an AVX instruction",
};

static void hostile(unsigned k)
{
	static struct iret_frame f __attribute__((aligned(16)));
	gprintf("arch-test: domain %u tries %s\n", start_info->domid,
		k < sizeof(actions) / sizeof(actions[0]) && actions[k]
			? actions[k]
			: "nothing");
	switch (k) {
	case 1:
		iret_with_frame(0x10);
		break;
	case 2:
		f.rip = 0x8000000000000000ULL;
		f.rsp = (uint64_t)&f;
		iret_with_frame((uint64_t)&f);
		break;
	case 3:
		__asm__ __volatile__("cli");
		break;
	case 4:
		__asm__ __volatile__("int $0x80");
		break;
	case 5:
		__asm__ __volatile__("outb %%al, $0xf4" ::"a"(0));
		break;
	case 6:
		__asm__ __volatile__("fninit");
		break;
	case 7:
		/* after its pCPU's other domains had their turn (a PV kernel
		 * beside it may have AVX on): XCR0 is x87|SSE again for it
		 * (xgetbv runs in ring 3), so VEX is #UD on any x86 (QEMU
		 * also takes CR0.EM for it) */
		for (unsigned i = 0; i < 20; i++)
			HYPERVISOR_sched_op(SCHEDOP_yield, 0);
		uint32_t lo, hi;
		__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		gprintf("arch-test: domain %u sees XCR0 %lx\n",
			start_info->domid, (unsigned long)hi << 32 | lo);
		__asm__ __volatile__("vmovdqa %ymm0, %ymm1");
		break;
	}
	test_result("arch", "hostile_went_through", false,
		    "the hypervisor let it run on");
}

static void observer(unsigned n)
{
	/* refused with an error, the caller running on */
	long cb = hypercall5(__HYPERVISOR_set_callbacks, 0x10, 0, 0, 0, 0);
	test_result("arch", "set_callbacks_bad_address_refused",
		    cb == -XEN_EINVAL, "a callback outside its memory taken");
	struct vcpu_guest_entry e = { .entry = 0x10, .stack = 0x10 };
	long vi = start_info->nr_vcpus > 1
			  ? HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &e)
			  : -XEN_EINVAL;
	test_result("arch", "vcpu_entry_outside_memory_refused",
		    vi == -XEN_EINVAL, "a vCPU entry outside its memory taken");
	bool all = true;
	for (unsigned d = 1; d <= n; d++) {
		bool ok = stopped_as_crashed(d);
		if (!ok)
			gprintf("arch-test: domain %u was not stopped\n", d);
		all &= ok;
	}
	test_result("arch", "hostile_domains_stopped", all,
		    "a hostile domain was not stopped as crashed");
	test_result("arch", "observer_survives", observer_still_runs(),
		    "the observer no longer makes progress");
	machine_exit(tests_failed ? 1 : 0);
}

void suite_arch_test_main(void)
{
	if (arg_flag("observer"))
		observer((unsigned)arg_number(0, 0));
	else
		hostile((unsigned)arg_number(0, 0));
}
