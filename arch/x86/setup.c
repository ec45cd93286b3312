/* x86_64 boot: COM1, GDT/TSS/IDT, the memory map from PVH's hvm_start_info,
 * the local APIC (timer, IPIs), TSC calibration, APs through INIT-SIPI,
 * and every pCPU's run loop. */
#include <string.h>
#include <larch/console.h>
#include <larch/hypercall.h>
#include <larch/irq.h>
#include <larch/sched.h>
#include <larch/setup.h>
#include <libfdt.h>
#include "x86.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "tss");

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, reserved;
};

/* Debian's libfdt is built with -fstack-protector: it reads its canary at
 * %fs:0x28. FS base points at this per-CPU block. libfdt only runs during
 * larch_setup, before any guest could load FS. */
struct fs_block {
	uint64_t pad[5];
	uint64_t canary; /* 0x28 */
};

uint8_t hyp_stacks[MAX_PCPUS][STACK_SIZE] __attribute__((aligned(STACK_SIZE)));
/* What x86_load_frame writes per switch, in one block per pCPU (one
 * address to form): syscall_entry's block, reached with swapgs (offsets 0
 * and 8), this pCPU's stack top, and its TSS. */
static struct cpu_block {
	uint64_t stack_top, scratch; /* syscall_entry */
	uint64_t hyp_sp;	     /* top of hyp_stacks[cpu] */
	struct tss tss;
} __attribute__((aligned(128))) cpu_blocks[MAX_PCPUS];
_Static_assert(sizeof(struct cpu_block) == 128, "one shift to index");
_Static_assert((DIRECTMAP_BASE & 0xffffffffULL) == 0,
	       "x86_cpu_id uses the low 32 bits of directmap addresses");
static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct fs_block fs_blocks[MAX_PCPUS];
uint64_t x86_cr0_no_fpu, x86_cr0_fpu;

/* libfdt's stack-protector canary is at %fs:0x28: larch's guests run with
 * this FS base too (their vCPUs are pinned to a pCPU), so it is valid in
 * the hypervisor whenever one of them was the last to run. */
uint64_t x86_hyp_fs_base(unsigned cpu)
{
	return (uint64_t)&fs_blocks[cpu];
}
static uint32_t apic_ids[MAX_PCPUS];
static unsigned nr_online = 1;
static volatile uint32_t cpus_up;
static volatile bool setup_done;
uint64_t tsc_mul, tsc_khz, ram_end;

extern uint8_t _end[];

/* ---- machine exit ---- */
/* isa-debug-exit at 0xf4: QEMU exits with (code << 1) | 1. */
void arch_machine_exit(int code)
{
	outl(0xf4, (uint32_t)code);
	console_puts("larch: no isa-debug-exit device; halted\n");
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

/* ---- per-CPU descriptor tables ---- */
static void set_gate(unsigned vec, unsigned dpl)
{
	uint64_t a = (uint64_t)trap_stubs + 16 * vec;
	idt[vec] = (struct idt_gate){
		.off0 = (uint16_t)a,
		.sel = SEL_HYP_CS,
		.type = (uint8_t)(0x8e | dpl << 5), /* interrupt gate: IF off */
		.off1 = (uint16_t)(a >> 16),
		.off2 = (uint32_t)(a >> 32),
	};
}

static void idt_build(void)
{
	/* every gate DPL 0: an int n from ring 3 is a #GP (the hypercall
	 * entry is syscall) */
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, 0);
	/* int3 and into from ring 3 raise their own exceptions (a PV
	 * kernel's breakpoint handler, as on Xen and hardware) */
	set_gate(3, 3);
	set_gate(4, 3);
}

static void cpu_tables(unsigned cpu)
{
	struct cpu_block *b = &cpu_blocks[cpu];
	struct tss *t = &b->tss;
	uint64_t limit = sizeof(*t) - 1;
	b->hyp_sp = (uint64_t)hyp_stacks[cpu] + STACK_SIZE;
	t->rsp[0] = b->hyp_sp;
	t->iomap_base = sizeof(*t); /* no I/O bitmap: ring 3 has no ports */
	x86_gdt_window_init(cpu, t, (uint16_t)limit);
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) id = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ __volatile__("lidt %0" ::"m"(id) : "memory");
	fs_blocks[cpu].canary = 0x5a17c0de2bad1deaULL ^ (rdtsc() << 8);
	wrmsr(MSR_FS_BASE, (uint64_t)&fs_blocks[cpu]);
	/* syscall: hypervisor CS 0xe008; the SYSRET base 0xe023 would give
	 * the guest CS 0xe033 / SS 0xe02b (larch returns with iretq) */
	b->stack_top = t->rsp[0];
	wrmsr(MSR_KERNEL_GS_BASE, (uint64_t)b);
	/* OSFXSR, OSXMMEXCPT: SSE for PV kernels (larch's guests still get
	 * #UD from CR0.EM); XSAVE and AVX for them too */
	__asm__ __volatile__("mov %%cr4, %%rax\n\tor $0x600, %%rax\n\t"
			     "mov %%rax, %%cr4" ::
				     : "rax", "memory");
	x86_xstate_init(cpu);
	x86_cr0_no_fpu = read_cr0();
	x86_cr0_fpu = (x86_cr0_no_fpu & ~(1ULL << 2)) | 1ULL << 1 | 1ULL << 5;
	wrmsr(MSR_STAR,
	      ((uint64_t)SEL_USER_CS32 << 48) | ((uint64_t)SEL_HYP_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, 0x40700); /* AC DF IF TF */
	/* SCE; NXE: PV kernels' entries carry NX (bit 63), reserved
	 * without it */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1 | 1 << 11);
}

/* ---- local APIC ---- */
static void lapic_init(unsigned cpu)
{
	apic_ids[cpu] = lapic_read(APIC_ID) >> 24;
	lapic_write(APIC_SVR, 0x100 | VEC_SPURIOUS);
	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_TIMER_DIV, 0xb);	/* divide by 1 */
	lapic_write(APIC_LVT_TIMER, VEC_TIMER); /* one-shot */
	lapic_write(APIC_TIMER_INIT, 0);
}

static void icr_send(uint32_t apic_id, uint32_t lo)
{
	while (lapic_read(APIC_ICR_LO) & (1u << 12)) /* delivery pending */
		;
	lapic_write(APIC_ICR_HI, apic_id << 24);
	lapic_write(APIC_ICR_LO, lo);
}

unsigned arch_cpu_id(void)
{
	return x86_cpu_id();
}

void arch_send_ipi(unsigned cpu)
{
	if (cpu < nr_online)
		icr_send(apic_ids[cpu], VEC_IPI);
}

void x86_send_tlb_flush(unsigned cpu)
{
	if (cpu < nr_online)
		icr_send(apic_ids[cpu], VEC_TLB_FLUSH);
}

/* ---- time: TSC for the clock, the LAPIC timer (1 GHz bus in QEMU and
 * KVM, divide by 1: one count per ns) for deadlines ---- */
s_time_t arch_now(void)
{
	return (s_time_t)(((unsigned __int128)rdtsc() * tsc_mul) >> 32);
}

void arch_timer_set_deadline(s_time_t deadline)
{
	if (deadline == STIME_MAX) {
		lapic_write(APIC_TIMER_INIT, 0);
		return;
	}
	s_time_t d = deadline - arch_now();
	if (d < 1)
		d = 1;
	if (d > 0xffffffffLL)
		d = 0xffffffffLL;
	lapic_write(APIC_TIMER_INIT, (uint32_t)d);
}

/* TSC ticks against 10 ms of the LAPIC timer. Under -icount both count
 * instructions, which gives exactly 1 GHz. */
static void calibrate_tsc(void)
{
	const uint32_t span = 10000000;
	lapic_write(APIC_LVT_TIMER, VEC_TIMER | (1u << 16)); /* masked */
	lapic_write(APIC_TIMER_INIT, 0xffffffffu);
	uint64_t t0 = rdtsc();
	uint32_t cur;
	while ((cur = lapic_read(APIC_TIMER_CUR)) > 0xffffffffu - span)
		;
	uint64_t t1 = rdtsc();
	uint64_t ns = 0xffffffffu - cur;
	lapic_write(APIC_TIMER_INIT, 0);
	lapic_write(APIC_LVT_TIMER, VEC_TIMER);
	tsc_khz = (t1 - t0) * 1000000ULL / ns;
	tsc_khz = (tsc_khz + 500) / 1000 * 1000; /* whole MHz */
	if (!tsc_khz)
		panic("larch: TSC calibration failed");
	tsc_mul = (1000000ULL << 32) / tsc_khz;
}

/* ---- interrupts and traps ---- */
void x86_interrupt(unsigned cpu, unsigned vec)
{
	/* the hot one (event wake-ups) first: no compare tree before it */
	if (vec == VEC_IPI) { /* the sender already raised our softirq */
		lapic_write(APIC_EOI, 0);
		return;
	}
	switch (vec) {
	case VEC_TIMER:
		lapic_write(APIC_EOI, 0);
		raise_softirq(cpu, SOFTIRQ_TIMER);
		break;
	case VEC_TLB_FLUSH:
		lapic_write(APIC_EOI, 0);
		x86_tlb_service(cpu);
		break;
	case VEC_SPURIOUS: /* no EOI for the spurious vector */
		break;
	default:
		if (vec >= VEC_ISA_BASE && vec < VEC_ISA_BASE + 16) {
			do_irq(cpu, vec - VEC_ISA_BASE); /* its handler EOIs */
			break;
		}
		lapic_write(APIC_EOI, 0);
		printk("larch: cpu%u: unexpected vector %u\n", cpu, vec);
		break;
	}
}

void arch_irq_eoi(unsigned irq)
{
	(void)irq;
	lapic_write(APIC_EOI, 0);
}

/* No guest-owned per-CPU interrupt exists on x86 PV: guests get time as
 * VIRQ_TIMER. A config that routes one has nothing to inject. */
void arch_inject_percpu_irq(struct vcpu *v, unsigned irq)
{
	(void)v;
	(void)irq;
}

/* Traps taken in ring 0: interrupts while idle (sti; hlt) return here to
 * pop_frame; anything else is a hypervisor bug. Traps from ring 3 go to
 * x86_guest_trap (head.S tells them apart by the saved CS). */
void x86_trap(struct cpu_user_regs *f);
void x86_trap(struct cpu_user_regs *f)
{
	unsigned cpu = x86_cpu_id();
	if (f->vector >= 32) {
		x86_interrupt(cpu, (unsigned)f->vector);
		return;
	}
	panic("larch: cpu%u: hypervisor exception %llu, error %llx at "
	      "rip %llx, cr2 %llx",
	      cpu, (unsigned long long)f->vector,
	      (unsigned long long)f->error_code, (unsigned long long)f->rip,
	      (unsigned long long)read_cr2());
}

/* v becomes the vCPU this pCPU enters ring 3 with: the CPU (TSS.rsp0) and
 * syscall_entry save its registers straight into v->arch.regs, then
 * continue on this pCPU's stack (arch.hyp_sp). */
void x86_load_frame(unsigned cpu, struct vcpu *v)
{
	uint64_t end = (uint64_t)(&v->arch.regs + 1);
	struct cpu_block *b = &cpu_blocks[cpu];
	b->tss.rsp[0] = end;
	b->stack_top = end;
	v->arch.hyp_sp = b->hyp_sp;
}

/* The run loop: load a vCPU, or idle until an interrupt. The hypervisor
 * runs with IF clear; sti's one-instruction shadow makes sti; hlt free of
 * the lost-wake-up race. */
void x86_run(unsigned cpu)
{
	for (;;) {
		struct vcpu *v = leave_hypervisor(cpu);
		if (v) {
			struct cpu_user_regs *r = &v->arch.regs;
			r->cs = SEL_USER_CS;
			r->ss = SEL_USER_DS;
			r->rflags = (r->rflags & RFLAGS_USER) | RFLAGS_IF | 2;
			return_to_guest(r);
		}
		__asm__ __volatile__("sti\n\thlt\n\tcli" ::: "memory");
	}
}

void x86_install_hv_slots(uint64_t *l4)
{
	for (unsigned i = HV_SLOT_FIRST; i <= HV_SLOT_LAST; i++)
		l4[i] = boot_pml4[i];
}

/* ---- boot ---- */
/* hvm_start_info and its memory map are physical addresses (below 4 GiB,
 * where QEMU puts them): read through the directmap. */
static void read_memmap(void)
{
	if (!boot_info_ptr)
		panic("larch: no PVH start info (boot with -kernel)");
	const uint8_t *si = __va(boot_info_ptr);
	if (*(const uint32_t *)si != 0x336ec578)
		panic("larch: no PVH start info (boot with -kernel)");
	uint64_t map = *(const uint64_t *)(si + 40);
	uint32_t n = *(const uint32_t *)(si + 48);
	if (map >= DIRECTMAP_SIZE || n > 4096)
		panic("larch: PVH memory map out of reach");
	for (uint32_t i = 0; map && i < n; i++) {
		const uint8_t *e = (const uint8_t *)__va(map) + 24 * i;
		uint64_t addr = *(const uint64_t *)e,
			 size = *(const uint64_t *)(e + 8);
		uint32_t type = *(const uint32_t *)(e + 16);
		if (type == 1 && addr <= 0x100000 && addr + size > 0x100000)
			ram_end = addr + size;
	}
	if (!ram_end)
		panic("larch: PVH memory map has no RAM at 1 MiB");
	if (ram_end > 0xc0000000ULL)
		ram_end = 0xc0000000ULL; /* the directmap's cached part */
}

/* The legacy 8259 PICs come out of the BIOS with IRQ 0 (the PIT) on
 * vector 8, which a guest running with IF set would take as a "double
 * fault". Move them to 0x20-0x2f and mask every line: larch uses the LAPIC
 * only. */
static void pic_disable(void)
{
	static const uint8_t init[2][4] = { { 0x11, 0x20, 0x04, 0x01 },
					    { 0x11, 0x28, 0x02, 0x01 } };
	for (unsigned i = 0; i < 2; i++) {
		uint16_t cmd = i ? 0xa0 : 0x20;
		outb(cmd, init[i][0]);
		for (unsigned k = 1; k < 4; k++)
			outb((uint16_t)(cmd + 1), init[i][k]);
		outb((uint16_t)(cmd + 1), 0xff);
	}
}

/* QEMU's fw_cfg: key 0x05 is the number of CPUs. */
static unsigned fw_cfg_nr_cpus(void)
{
	outw(0x510, 0x05);
	unsigned n = inb(0x511);
	n |= (unsigned)inb(0x511) << 8;
	return n ? n : 1;
}

static void cpu_init(unsigned cpu)
{
	cpu_tables(cpu);
	lapic_init(cpu);
}

void x86_secondary_main(unsigned cpu);
void x86_secondary_main(unsigned cpu)
{
	cpu_init(cpu);
	__atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&setup_done, __ATOMIC_ACQUIRE))
		__asm__ __volatile__("pause");
	x86_run(cpu);
}

static void spin_ns(uint64_t ns)
{
	s_time_t end = arch_now() + (s_time_t)ns;
	while (arch_now() < end)
		__asm__ __volatile__("pause");
}

/* INIT, then SIPI to the trampoline at 0x8000 (vector 0x08), one AP at a
 * time; APIC IDs are QEMU's default 0..n-1. */
static unsigned start_aps(unsigned want)
{
	unsigned nr = 1;
	memcpy(__va(0x8000), trampoline_start,
	       (size_t)(trampoline_end - trampoline_start));
	for (unsigned c = 1; c < want; c++) {
		ap_stack = (uint64_t)hyp_stacks[c] + STACK_SIZE;
		__atomic_store_n(&ap_cpu, c, __ATOMIC_SEQ_CST);
		icr_send(c, 0x4500); /* INIT, assert */
		spin_ns(100000);
		for (unsigned tries = 0; tries < 2 && cpus_up < c; tries++) {
			icr_send(c, 0x4600 | 0x08); /* SIPI */
			s_time_t end = arch_now() + 100000000;
			while (__atomic_load_n(&cpus_up, __ATOMIC_SEQ_CST) <
				       c &&
			       arch_now() < end)
				__asm__ __volatile__("pause");
		}
		if (cpus_up < c) {
			printk("larch: cpu%u did not start\n", c);
			break;
		}
		nr++;
		nr_online = nr;
	}
	return nr;
}

void x86_boot_main(void);
void x86_boot_main(void)
{
	pic_disable();
	idt_build();
	cpu_init(0);
	read_memmap();
	calibrate_tsc();
	unsigned want = fw_cfg_nr_cpus();
	if (want > MAX_PCPUS)
		want = MAX_PCPUS;
	printk("larch: x86_64, PVH entry, RAM to %llx, TSC %llu kHz, %u "
	       "CPU(s)\n",
	       (unsigned long long)ram_end, (unsigned long long)tsc_khz, want);
	x86_report_native_pair();
	unsigned nr = start_aps(want);
	printk("larch: %u pCPU(s) online\n", nr);
	/* A config blob staged at STAGING_BASE wins over the built-in one
	 * (docs/arch-x86.md, "Booting Linux"). */
	const void *config = config_dtb;
	if (ram_end > STAGING_BASE + 0x1000000 &&
	    config_pick(__va(STAGING_BASE), STAGING_BASE,
			ram_end - STAGING_BASE))
		config = __va(STAGING_BASE);
	if (larch_setup(config, nr))
		panic("larch: setup failed");
	x86_uart_input_init(apic_ids[0]); /* after irq_init, in larch_setup */
	__atomic_store_n(&setup_done, true, __ATOMIC_RELEASE);
	x86_run(0);
}
