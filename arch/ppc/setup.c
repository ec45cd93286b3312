/* ppc64 boot: the firmware device tree (RAM, CPUs and their PIRs, timebase,
 * the LPC UART) read with libfdt, the console (UART, or OPAL under skiboot),
 * secondary CPUs, and every pCPU's run loop. */
#include <string.h>
#include <libfdt.h>
#include <larch/console.h>
#include <larch/setup.h>
#include <larch/sched.h>
#include <larch/hypercall.h>
#include "ppc.h"

struct ppc_pcpu ppc_pcpu[MAX_PCPUS];
uint8_t hyp_stacks[MAX_PCPUS][1 << STACK_SHIFT] __attribute__((aligned(16)));
struct ppc_platform plat;

_Static_assert(sizeof(struct ppc_pcpu) == PCPU_SIZE, "asm");
_Static_assert(offsetof(struct ppc_pcpu, hot) == CANARY_OFFSET, "asm");
_Static_assert(offsetof(struct ppc_pcpu_hot, r12) == HOT_R12, "asm");
_Static_assert(offsetof(struct ppc_pcpu_hot, vec) == HOT_VEC, "asm");
_Static_assert(offsetof(struct ppc_pcpu_hot, regs) == HOT_REGS, "asm");
_Static_assert(offsetof(struct ppc_pcpu_hot, stack_top) == HOT_STACK, "asm");
_Static_assert(offsetof(struct ppc_pcpu_hot, id) == HOT_ID, "asm");
_Static_assert(offsetof(struct cpu_user_regs, nip) == REGS_NIP, "asm");
_Static_assert(offsetof(struct cpu_user_regs, msr) == REGS_MSR, "asm");
_Static_assert(offsetof(struct cpu_user_regs, lr) == REGS_LR, "asm");
_Static_assert(offsetof(struct cpu_user_regs, xer) == REGS_XER, "asm");
_Static_assert(offsetof(struct cpu_user_regs, srr0) == REGS_SRR0, "asm");
_Static_assert(offsetof(struct cpu_user_regs, srr1) == REGS_SRR1, "asm");
_Static_assert(offsetof(struct ppc_platform, opal_base) == PLAT_OPAL_BASE,
	       "asm");
_Static_assert(offsetof(struct ppc_platform, opal_entry) == PLAT_OPAL_ENTRY,
	       "asm");
_Static_assert(PPC_MAX_PCPUS == MAX_PCPUS, "asm");

extern volatile uint32_t secondary_go;
static volatile uint32_t cpus_up;
static volatile bool setup_done;

#define OPAL_CONSOLE_WRITE  1
#define OPAL_CONSOLE_READ   2
#define OPAL_CEC_POWER_DOWN 5
#define OPAL_POLL_EVENTS    10
#define OPAL_START_CPU	    41

void hang(void)
{
	for (;;)
		__asm__ __volatile__("" ::: "memory");
}

/* ---- console and machine exit ---- */
static void uart_putc(char c)
{
	volatile uint8_t *u = (volatile uint8_t *)plat.uart;
	while (!(u[5] & 0x20)) /* LSR.THRE */
		;
	u[0] = (uint8_t)c;
}

/* Under skiboot, OPAL's console (skiboot owns the UART); with -bios, the
 * LPC UART the firmware DT names. */
void arch_console_putc(char c)
{
	if (plat.opal_entry) {
		/* OPAL takes big-endian arguments: the length by reference */
		static uint64_t len_be;
		static char buf;
		buf = c;
		for (int tries = 0; tries < 1000; tries++) {
			len_be = __builtin_bswap64(1);
			if (opal_call(OPAL_CONSOLE_WRITE, 0, (uint64_t)&len_be,
				      (uint64_t)&buf) == 0 &&
			    len_be)
				break;
			opal_call(OPAL_POLL_EVENTS, 0, 0, 0);
		}
	} else if (plat.uart) {
		uart_putc(c);
	}
}

/* Console input, taken only when a guest asks for it (a PAPR partition's
 * H_GET_TERM_CHAR): what it does not ask for yet stays in the UART's FIFO
 * and QEMU's buffer behind it, so nothing is lost. -1: nothing waiting. */
int ppc_console_getc(void)
{
	if (plat.opal_entry) {
		static uint64_t len_be;
		static char buf;
		len_be = __builtin_bswap64(1);
		if (opal_call(OPAL_CONSOLE_READ, 0, (uint64_t)&len_be,
			      (uint64_t)&buf) == 0 &&
		    __builtin_bswap64(len_be) == 1)
			return (unsigned char)buf;
		return -1;
	}
	volatile uint8_t *u = (volatile uint8_t *)plat.uart;
	if (!u || !(u[5] & 0x01)) /* LSR.DR */
		return -1;
	return u[0];
}

/* Is a byte waiting? The UART says; OPAL has no way to look without
 * taking it, so under skiboot: no (the partition's driver polls). */
bool ppc_console_input_waiting(void)
{
	volatile uint8_t *u = (volatile uint8_t *)plat.uart;
	return !plat.opal_entry && u && (u[5] & 0x01); /* LSR.DR */
}

/* Power off through the BMC's IPMI block-transfer interface on the LPC bus
 * (what OPAL does for us under skiboot): one Chassis Control request
 * (netfn 0, cmd 2, data 0 = power down); QEMU's BMC then ends the machine. */
static void ipmi_power_off(void)
{
	static const uint8_t msg[] = { 4, 0x00 << 2, 1, 0x02, 0x00 };
	volatile uint8_t *bt = (volatile uint8_t *)plat.ipmi_bt;
	if (!bt)
		return;
	for (int i = 0; i < 1000000 && (bt[0] & 0x04); i++) /* H2B_ATN clear */
		;
	bt[0] = 0x01; /* CLR_WR_PTR */
	for (unsigned i = 0; i < sizeof(msg); i++)
		bt[1] = msg[i];
	bt[0] = 0x04; /* H2B_ATN */
}

/* powernv has no exit-status device: the code is printed (the tests judge
 * the lines), then the machine is powered down. */
void arch_machine_exit(int code)
{
	printk("larch: machine exit %d\n", code);
	if (plat.opal_entry) {
		opal_call(OPAL_CEC_POWER_DOWN, 0, 0, 0);
		for (;;) /* OPAL's poller sends the request to the BMC */
			opal_call(OPAL_POLL_EVENTS, 0, 0, 0);
	}
	ipmi_power_off();
	hang();
}

/* ---- firmware device tree ---- */
static uint64_t fdt_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	while (n--)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

/* Translate a child bus address up through every parent's "ranges". */
static int fdt_translate(const void *fdt, int node, uint64_t *addr)
{
	int parent = fdt_parent_offset(fdt, node);
	while (parent > 0) {
		int len;
		const fdt32_t *r = fdt_getprop(fdt, parent, "ranges", &len);
		int gp = fdt_parent_offset(fdt, parent);
		if (gp < 0)
			break;
		if (r && len > 0) {
			int cac = fdt_address_cells(fdt, parent);
			int pac = fdt_address_cells(fdt, gp);
			int cs = fdt_size_cells(fdt, parent);
			int n = cac + pac + cs, found = 0;
			for (int i = 0; (i + 1) * n * 4 <= len; i++) {
				const fdt32_t *e = r + i * n;
				/* a 2-cell child address on an LPC bus: space, offset */
				uint64_t cb = fdt_cells(e, cac),
					 sz = fdt_cells(e + cac + pac, cs);
				if (*addr >= cb && *addr - cb < sz) {
					*addr = fdt_cells(e + cac, pac) +
						(*addr - cb);
					found = 1;
					break;
				}
			}
			if (!found)
				return -1;
		}
		node = parent;
		parent = gp;
	}
	return 0;
}

static void read_firmware_dt(const void *fdt)
{
	if (fdt_check_header(fdt))
		return; /* no console yet: the caller panics silently */
	int n = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
					      7);
	int len;
	if (n >= 0) {
		const fdt32_t *reg = fdt_getprop(fdt, n, "reg", &len);
		if (reg && len >= 16)
			plat.ram_size = fdt_cells(reg + 2, 2);
	}
	n = fdt_node_offset_by_compatible(fdt, -1, "ns16550");
	if (n >= 0) {
		const fdt32_t *reg = fdt_getprop(fdt, n, "reg", &len);
		if (reg && len >= 8) {
			/* LPC: <space offset size>; the space is part of the address */
			uint64_t a = fdt_cells(reg, 2);
			if (fdt_translate(fdt, n, &a) == 0)
				plat.uart = a;
		}
	}
	n = fdt_node_offset_by_compatible(fdt, -1, "ipmi-bt");
	if (n >= 0) {
		const fdt32_t *reg = fdt_getprop(fdt, n, "reg", &len);
		uint64_t a = reg && len >= 8 ? fdt_cells(reg, 2) : 0;
		if (a && fdt_translate(fdt, n, &a) == 0)
			plat.ipmi_bt = a;
	}
	int cpus = fdt_path_offset(fdt, "/cpus");
	fdt_for_each_subnode(n, fdt, cpus)
	{
		const char *t = fdt_getprop(fdt, n, "device_type", NULL);
		const fdt32_t *pir = fdt_getprop(fdt, n, "ibm,pir", &len);
		if (!t || strcmp(t, "cpu") || !pir)
			continue;
		const fdt32_t *tb =
			fdt_getprop(fdt, n, "timebase-frequency", NULL);
		if (tb)
			plat.tb_freq = fdt32_to_cpu(*tb);
		if (plat.nr_cpus < MAX_PCPUS)
			plat.cpu_pir[plat.nr_cpus++] = fdt32_to_cpu(*pir);
	}
}

/* ---- per-CPU bring-up and the run loop ---- */
static void cpu_init(unsigned cpu)
{
	ppc_pcpu[cpu].canary = 0x5a17c0de2bad1deaULL ^ cpu;
	ppc_pcpu[cpu].hot.regs = &ppc_pcpu[cpu].hyp_regs;
	ppc_pcpu[cpu].pir = mfspr(SPR_PIR);
	ppc_pcpu[cpu].deadline = STIME_MAX;
	/* Guests: radix (HR, UPRT), little-endian interrupts (ILE); external
	 * interrupts to the hypervisor (LPES0=0); the hypervisor decrementer
	 * preempts them (HDICE); no AIL, no large decrementer; GTSE only
	 * while a PAPR partition runs (arch_ctxt_switch). */
	uint64_t lpcr = mfspr(SPR_LPCR);
	lpcr &= ~(LPCR_LPES0 | LPCR_HEIC | LPCR_HVICE | LPCR_AIL | LPCR_LD |
		  LPCR_MER);
	lpcr &= ~LPCR_GTSE;
	lpcr |= LPCR_HR | LPCR_UPRT | LPCR_ILE | LPCR_HDICE;
	mtspr(SPR_LPCR, lpcr);
	__asm__ __volatile__("isync" ::: "memory");
	partition_table_init();
	time_cpu_init();
}

/* Nothing to run: wait for an IPI or this pCPU's deadline. The hypervisor
 * runs with MSR[EE]=0 everywhere but here. The idle loop checks the IPI
 * flag and the deadline, then sets EE=1: an HDEC or doorbell already
 * pending is taken at that mtmsrd, and one arriving later wakes "stop"
 * (PSSCR[EC]=0) and is taken right after it. Either way the interrupt
 * ends the idle loop (ppc_idle_wakeup, from ppc_trap) and the run loop
 * starts afresh. Why not stop with EE=0, as before: under -icount QEMU 7.2
 * raises the pending interrupt inside "stop", which is not an I/O
 * instruction, and aborts ("Raised interrupt while not in I/O function");
 * mtmsrd is one, and ends its translation block, so the interrupt is taken
 * where QEMU expects it and stop only ever runs with nothing pending. Under
 * -icount a stopped CPU also lets the other one run and time warp to the
 * next event. */
static void cpu_idle(unsigned cpu)
{
	struct ppc_pcpu *p = &ppc_pcpu[cpu];
	mtspr(SPR_DEC,
	      0x7fffffffULL); /* a doorbell DEC left armed would wake us */
	for (;;) {
		if (__atomic_exchange_n(&p->ipi, 0, __ATOMIC_SEQ_CST)) {
			/* the sender raised a softirq; drop its doorbell */
			__asm__ __volatile__("msgclr %0" ::"r"(5ULL << 27)
					     : "memory");
			return;
		}
		if (arch_now() >= p->deadline) {
			raise_softirq(cpu, SOFTIRQ_TIMER);
			return;
		}
		mtspr(SPR_PSSCR, 0);
		__asm__ __volatile__("mtmsrd %0, 1\n\tsync\n\tstop\n\t"
				     "mtmsrd %1, 1" ::"r"(MSR_EE),
				     "r"(0ULL)
				     : "memory");
	}
}

/* An interrupt ended cpu_idle (its saved MSR has HV and EE): note what it
 * brings, as the guest trap path does; false for a vector that cannot. */
bool ppc_idle_wakeup(unsigned cpu, uint64_t vec)
{
	switch (vec) {
	case 0x980: /* HDEC: the deadline */
		mtspr(SPR_HDEC, 0x7fffffffULL);
		raise_softirq(cpu, SOFTIRQ_TIMER);
		break;
	case 0xe80: /* doorbell: the sender raised our softirq */
		__asm__ __volatile__("msgclr %0" ::"r"(5ULL << 27) : "memory");
		__atomic_store_n(&ppc_pcpu[cpu].ipi, 0, __ATOMIC_SEQ_CST);
		break;
	case 0x900: /* our own DEC ran out after seconds idle */
		mtspr(SPR_DEC, 0x7fffffffULL);
		break;
	case 0x500: /* nothing is routed to us */
	case 0xe60:
		break;
	default:
		return false;
	}
	return true;
}

void ppc_run(unsigned cpu)
{
	for (;;) {
		struct vcpu *v = leave_hypervisor(cpu);
		if (v) {
			ppc_prepare_entry(v);
			return_to_guest(&v->arch.regs);
		}
		ppc_pcpu[cpu].hot.regs = &ppc_pcpu[cpu].hyp_regs;
		cpu_idle(cpu);
	}
}

unsigned arch_cpu_id(void)
{
	return (unsigned)this_hot()->id;
}

/* A hypervisor doorbell (msgsnd, type 5) to the target's PIR: taken at
 * once if it runs a guest; polled through the flag if it idles. */
void arch_send_ipi(unsigned cpu)
{
	if (cpu >= nr_pcpus)
		return;
	__atomic_store_n(&ppc_pcpu[cpu].ipi, 1, __ATOMIC_SEQ_CST);
	uint64_t rb = (5ULL << 27) | (ppc_pcpu[cpu].pir & 0xfffff);
	__asm__ __volatile__("sync; msgsnd %0" ::"r"(rb) : "memory");
}

void ppc_cpu_start(const void *fdt, unsigned cpu, uint64_t opal_base,
		   uint64_t opal_entry);
void ppc_cpu_start(const void *fdt, unsigned cpu, uint64_t opal_base,
		   uint64_t opal_entry)
{
	if (cpu != 0) {
		cpu_init(cpu);
		__atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&setup_done, __ATOMIC_ACQUIRE))
			;
		ppc_run(cpu);
	}
	plat.opal_base = opal_base;
	plat.opal_entry = opal_entry;
	read_firmware_dt(fdt);
	if (!plat.uart && !plat.opal_entry)
		hang();
	cpu_init(0);
	printk("larch: ppc64 POWER9 in hypervisor mode (MSR %llx), %u CPU(s), "
	       "RAM %llx, "
	       "timebase %llu Hz, console %s\n",
	       (unsigned long long)mfmsr(), plat.nr_cpus,
	       (unsigned long long)plat.ram_size,
	       (unsigned long long)plat.tb_freq,
	       plat.opal_entry ? "OPAL" : "LPC UART");
	__atomic_store_n(&secondary_go, 1, __ATOMIC_RELEASE);
	/* -bios: every CPU started at 0x10 and waits in head.S. skiboot
	 * keeps the others in OPAL: start them at the same (big-endian)
	 * entry, at 0x10 of the image now copied to 0. */
	unsigned want = plat.nr_cpus;
	if (plat.opal_entry) {
		uint64_t me = mfspr(SPR_PIR);
		for (unsigned c = 0; c < plat.nr_cpus; c++)
			if (plat.cpu_pir[c] != me &&
			    opal_call(OPAL_START_CPU, plat.cpu_pir[c], 0x10, 0))
				want--;
	}
	s_time_t give_up = arch_now() + 2000000000LL;
	while (__atomic_load_n(&cpus_up, __ATOMIC_SEQ_CST) + 1 < want &&
	       arch_now() < give_up)
		;
	unsigned nr = 1 + __atomic_load_n(&cpus_up, __ATOMIC_SEQ_CST);
	printk("larch: %u pCPU(s) online\n", nr);
	/* A config blob the loader put at PPC_STAGING_BASE wins over the
	 * built-in one; the kernels and initrds it names lie in the same
	 * window, which the domain pool then leaves alone. */
	const void *config = config_dtb;
	extern uint8_t _end[];
	if ((uint64_t)_end <= PPC_STAGING_BASE &&
	    PPC_STAGING_END <= plat.ram_size &&
	    config_pick((const void *)PPC_STAGING_BASE, PPC_STAGING_BASE,
			PPC_STAGING_END - PPC_STAGING_BASE))
		config = (const void *)PPC_STAGING_BASE;
	if (larch_setup(config, nr))
		panic("larch: setup failed");
	__atomic_store_n(&setup_done, true, __ATOMIC_RELEASE);
	ppc_run(0);
}
