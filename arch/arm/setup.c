/* arm64 boot: the firmware device tree (RAM, CPUs, UART, GIC, PSCI) read
 * with libfdt, the GIC and timer, secondary CPUs through PSCI CPU_ON, then
 * every pCPU's run loop. */
#include <string.h>
#include <libfdt.h>
#include <larch/console.h>
#include <larch/setup.h>
#include <larch/sched.h>
#include <larch/irq.h>
#include <larch/hypercall.h>
#include "arm.h"

struct arm_pcpu arm_pcpu[MAX_PCPUS] __attribute__((aligned(64)));
uint8_t hyp_stacks[MAX_PCPUS][1 << STACK_SHIFT] __attribute__((aligned(16)));
struct arm_platform plat = { .uart = 0x09000000 }; /* until the DT is read */
bool arm_loaded_config;
unsigned long __stack_chk_guard = 0x5a17c0de2bad1dea;

_Static_assert(offsetof(struct arm_pcpu, regs) == PCPU_REGS, "asm");
_Static_assert(offsetof(struct arm_pcpu, stack_top) == PCPU_STACK_TOP, "asm");
_Static_assert(offsetof(struct arm_pcpu, id) == PCPU_ID, "asm");
_Static_assert(sizeof(struct arm_pcpu) == PCPU_SIZE, "asm");
_Static_assert(offsetof(struct cpu_user_regs, elr) == REGS_ELR, "asm");

#define FW_DTB ((const void *)0x40000000)

static volatile uint32_t cpus_up;
static volatile bool setup_done;

/* ---- console and machine exit ---- */
void uart_putc(char c)
{
	volatile uint32_t *dr = (volatile uint32_t *)plat.uart;
	while (dr[0x18 / 4] & (1u << 5)) /* FR.TXFF */
		;
	dr[0] = (uint8_t)c;
}

void arch_console_putc(char c)
{
	uart_putc(c);
}

void semihost_exit(int code)
{
	/* SYS_EXIT_EXTENDED: ADP_Stopped_ApplicationExit with a status.
	 * Without -semihosting the hlt is an undefined instruction whose
	 * trap panics and comes back here: then just stop. */
	static uint64_t block[2];
	static volatile uint32_t tried;
	if (__atomic_exchange_n(&tried, 1, __ATOMIC_SEQ_CST)) {
		console_puts(
			"larch: no semihosting (run QEMU with -semihosting);"
			" halted\n");
		hang();
	}
	block[0] = 0x20026;
	block[1] = (uint64_t)code;
	register uint64_t x0 __asm__("x0") = 0x20;
	register uint64_t x1 __asm__("x1") = (uint64_t)block;
	__asm__ __volatile__("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	hang();
}

void arch_machine_exit(int code)
{
	semihost_exit(code);
}

/* ---- firmware device tree ---- */
static uint64_t fdt_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	while (n--)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

static int reg_of(const void *fdt, int node, int idx, uint64_t *base,
		  uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent),
	    sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || sc < 0 || len < (idx + 1) * (ac + sc) * 4)
		return -1;
	reg += idx * (ac + sc);
	*base = fdt_cells(reg, ac);
	if (size)
		*size = sc ? fdt_cells(reg + ac, sc) : 0;
	return 0;
}

static void read_firmware_dt(void)
{
	const void *fdt = FW_DTB;
	if (fdt_check_header(fdt))
		panic("no firmware device tree at %p (link above RAM base?)",
		      fdt);
	int n = fdt_path_offset(fdt, "/memory");
	if (n < 0) {
		n = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
						  "memory", 7);
	}
	if (n < 0 || reg_of(fdt, n, 0, &plat.ram_base, &plat.ram_size))
		panic("firmware DT: no memory node");
	n = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (n >= 0) {
		reg_of(fdt, n, 0, &plat.uart, NULL);
		int len;
		const fdt32_t *irq = fdt_getprop(fdt, n, "interrupts", &len);
		if (irq && len >= 12 && fdt32_to_cpu(irq[0]) == 0)
			plat.uart_irq = 32 + fdt32_to_cpu(irq[1]);
	}
	n = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	if (n < 0 || reg_of(fdt, n, 0, &plat.gicd, NULL) ||
	    reg_of(fdt, n, 1, &plat.gicr, &plat.gicr_size))
		panic("firmware DT: no GICv3 (run with gic-version=3)");
	int cpus = fdt_path_offset(fdt, "/cpus");
	fdt_for_each_subnode(n, fdt, cpus)
	{
		const char *t = fdt_getprop(fdt, n, "device_type", NULL);
		uint64_t mpidr;
		if (!t || strcmp(t, "cpu") || reg_of(fdt, n, 0, &mpidr, NULL))
			continue;
		if (plat.nr_cpus < MAX_PCPUS)
			plat.cpu_mpidr[plat.nr_cpus++] = mpidr;
	}
	if (plat.nr_cpus == 0)
		panic("firmware DT: no cpus");
	n = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	if (n < 0)
		n = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	const char *m = n >= 0 ? fdt_getprop(fdt, n, "method", NULL) : NULL;
	plat.psci_smc = m && strcmp(m, "smc") == 0;
}

static int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	register uint64_t x0 __asm__("x0") = 0xc4000003;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = ctx;
	if (plat.psci_smc)
		__asm__ __volatile__("smc #0"
				     : "+r"(x0)
				     : "r"(x1), "r"(x2), "r"(x3)
				     : "memory");
	else
		__asm__ __volatile__("hvc #0"
				     : "+r"(x0)
				     : "r"(x1), "r"(x2), "r"(x3)
				     : "memory");
	return (int64_t)x0;
}

/* ---- per-CPU bring-up and the run loop ---- */
static void cpu_init(unsigned cpu)
{
	arm_pcpu[cpu].mpidr = read_sysreg(mpidr_el1);
	/* the test guests' HCR_EL2 (kernel domains': arch_ctxt_switch) */
	write_sysreg(hcr_el2, HCR_EL2_GUEST);
	/* Stage 2: 32-bit IPA, walk from level 1 (SL0=1), 4K, WBWA, inner
	 * shareable, 32-bit PA. */
	write_sysreg(vtcr_el2, (1ULL << 31) | (3ULL << 12) | (1ULL << 10) |
				       (1ULL << 8) | (1ULL << 6) | 32);
	/* RES1 bits plus TFP: FP/SIMD traps; only kernel domains' FP state
	 * is switched (arch_ctxt_switch), other guests that use FP stop */
	write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_EL2_TFP);
	write_sysreg(mdcr_el2, 0);
	write_sysreg(vmpidr_el2, 0x80000000ULL);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	isb();
	time_init();
	gic_cpu_init(cpu);
}

/* Every pending physical interrupt of this pCPU: hypervisor-owned ones here,
 * the rest through the common do_irq. */
void arm_handle_irqs(unsigned cpu)
{
	for (;;) {
		unsigned irq = gic_ack();
		if (irq >= 1020)
			break;
		switch (irq) {
		case IPI_SGI: /* the sender already raised our softirq */
			gic_eoi(irq);
			break;
		case PPI_HYP_TIMER:
			write_sysreg(cnthp_ctl_el2, 0); /* drop the level */
			gic_eoi(irq);
			raise_softirq(cpu, SOFTIRQ_TIMER);
			break;
		case PPI_VTIMER:
			vtimer_irq(cpu);
			break;
		default:
			do_irq(cpu, irq);
			break;
		}
	}
}

/* Nothing to run: sleep until an interrupt is pending. WFI wakes on a
 * pending interrupt even with PSTATE.I set, so the hypervisor never runs
 * with its own interrupts unmasked. */
static void cpu_idle(unsigned cpu)
{
	dsb(sy);
	__asm__ __volatile__("wfi" ::: "memory");
	arm_handle_irqs(cpu);
}

void arm_run(unsigned cpu)
{
	for (;;) {
		struct vcpu *v = leave_hypervisor(cpu);
		if (v) {
			if (v->arch.kernel)
				vgic_flush(v);
			arm_pcpu[cpu].regs = &v->arch.regs;
			return_to_guest(&v->arch.regs);
		}
		cpu_idle(cpu);
	}
}

unsigned arch_cpu_id(void)
{
	return this_pcpu()->id;
}

void arch_send_ipi(unsigned cpu)
{
	if (cpu < plat.nr_cpus)
		gic_send_sgi(cpu, IPI_SGI);
}

void arm_secondary_main(unsigned cpu);
void arm_secondary_main(unsigned cpu)
{
	cpu_init(cpu);
	__atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&setup_done, __ATOMIC_ACQUIRE))
		;
	arm_run(cpu);
}

void arm_boot_main(void);
void arm_boot_main(void)
{
	read_firmware_dt();
	printk("larch: arm64 at EL%u, %u CPU(s), RAM %llx+%llx, GICD %llx, "
	       "GICR %llx, PSCI %s\n",
	       (unsigned)(read_sysreg(CurrentEL) >> 2), plat.nr_cpus,
	       (unsigned long long)plat.ram_base,
	       (unsigned long long)plat.ram_size, (unsigned long long)plat.gicd,
	       (unsigned long long)plat.gicr, plat.psci_smc ? "smc" : "hvc");
	gic_dist_init();
	cpu_init(0);
	unsigned nr = 1;
	for (unsigned c = 1; c < plat.nr_cpus; c++) {
		int64_t rc = psci_cpu_on(plat.cpu_mpidr[c],
					 (uint64_t)secondary_entry, c);
		if (rc) {
			printk("larch: cpu%u: PSCI CPU_ON failed (%lld)\n", c,
			       (long long)rc);
			break;
		}
		while (__atomic_load_n(&cpus_up, __ATOMIC_SEQ_CST) < c)
			;
		nr++;
	}
	printk("larch: %u pCPU(s) online\n", nr);
	/* A config blob the loader put at STAGING_BASE wins over the built-in
	 * one; the kernels and initrds it names lie in the same window. */
	const void *config = config_dtb;
	extern uint8_t _end[];
	if ((uint64_t)_end <= STAGING_BASE &&
	    STAGING_END <= plat.ram_base + plat.ram_size) {
		arm_loaded_config = config_pick(LOADED_CONFIG, STAGING_BASE,
						STAGING_END - STAGING_BASE);
		if (arm_loaded_config)
			config = LOADED_CONFIG;
	}
	if (larch_setup(config, nr))
		panic("larch: setup failed");
	__atomic_store_n(&setup_done, true, __ATOMIC_RELEASE);
	arm_run(0);
}

void arm_hyp_bad_trap(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far);
void arm_hyp_bad_trap(uint64_t kind, uint64_t esr, uint64_t elr, uint64_t far)
{
	static const char *const kinds[] = { "sync", "irq", "fiq", "serror" };
	panic("larch: hypervisor %s exception: ESR %llx ELR %llx FAR %llx",
	      kinds[kind & 3], (unsigned long long)esr, (unsigned long long)elr,
	      (unsigned long long)far);
}
