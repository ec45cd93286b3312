/* arm64 backend internals: system register access, the per-pCPU block
 * the assembly finds through TPIDR_EL2, and the pieces the arch files
 * share with each other. */
#ifndef ARM_ARM_H
#define ARM_ARM_H

#include <larch/types.h>
#include <arch/vcpu.h>
#include "asm-offsets.h"

struct vcpu;
struct domain;

#define read_sysreg(r)                                                         \
	({                                                                     \
		uint64_t _v;                                                   \
		__asm__ __volatile__("mrs %0, " #r : "=r"(_v));                \
		_v;                                                            \
	})
#define write_sysreg(r, v)                                                     \
	__asm__ __volatile__("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb()	 __asm__ __volatile__("isb" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")

struct arm_pcpu {
	struct cpu_user_regs *regs; /* where the next guest trap saves */
	uint64_t stack_top;
	uint32_t id;
	uint32_t pad;
	uint64_t mpidr;
	void *gicr_sgi; /* this CPU's redistributor SGI frame */
	/* a kernel domain's HCR_EL2 and CPTR_EL2 (FP open) are loaded */
	uint64_t kernel_loaded;
	uint64_t pad2[2];
};
extern struct arm_pcpu arm_pcpu[MAX_PCPUS];

static inline struct arm_pcpu *this_pcpu(void)
{
	return (struct arm_pcpu *)read_sysreg(tpidr_el2);
}

/* Guests: EL1 AArch64 (RW), stage 2 on (VM), physical IRQ/FIQ/SError to
 * EL2 (IMO/FMO/AMO), cacheable with their MMU off (DC), WFI and SMC
 * trapped (TWI, TSC). DC also forces stage 1 off, so kernel domains, which
 * turn their MMU on, run without it and with the ID registers trapped
 * (TID3) instead: arch/arm/sysreg.c. */
#define HCR_EL2_GUEST                                                          \
	((1ULL << 31) | (1ULL << 19) | (1ULL << 13) | (1ULL << 12) |           \
	 (1ULL << 5) | (1ULL << 4) | (1ULL << 3) | (1ULL << 1) | (1ULL << 0))
#define HCR_DC	      (1ULL << 12)
#define HCR_TID3      (1ULL << 18)
#define HCR_FB	      (1ULL << 9)
#define HCR_BSU_INNER (1ULL << 10)
#define HCR_EL2_KERNEL                                                         \
	((HCR_EL2_GUEST & ~HCR_DC) | HCR_TID3 | HCR_FB | HCR_BSU_INNER)
#define CPTR_EL2_RES1  0x33ffULL
#define SCTLR_EL1_RES1 0x30d00800ULL /* a vCPU's MMU and caches off */
#define CPTR_EL2_TFP   (1ULL << 10)

/* Interrupt numbers (GIC INTIDs). */
#define IPI_SGI	      0
#define PPI_HYP_TIMER 26 /* CNTHP: the hypervisor's own preemption timer */
#define PPI_VTIMER    27 /* CNTV: the guest's virtual timer */
#define PPI_EVTCHN    31 /* event-channel upcall, as Xen's GUEST_EVTCHN_PPI */

/* Platform facts read from the firmware device tree. */
struct arm_platform {
	uint64_t ram_base, ram_size;
	uint64_t uart;
	unsigned uart_irq; /* its INTID, 0: none found */
	uint64_t gicd, gicr, gicr_size;
	uint64_t cpu_mpidr[MAX_PCPUS];
	unsigned nr_cpus;
	bool psci_smc;
};
extern struct arm_platform plat;

/* Guest physical (IPA) layout, the same for every domain. */
#define GUEST_IPA_BASE 0x40000000ULL
/* Kernel domains also see emulated devices (unmapped in stage 2, so every
 * access traps), at QEMU virt's addresses. */
#define GUEST_GICD	 0x08000000ULL
#define GUEST_GICD_SIZE	 0x10000ULL
#define GUEST_GICR	 0x080a0000ULL
#define GUEST_GICR_FRAME 0x20000ULL /* RD_base + SGI_base, per vCPU */
#define GUEST_UART	 0x09000000ULL
#define GUEST_UART_SIZE	 0x1000ULL
#define GUEST_UART_SPI	 1  /* INTID 33 */
#define GUEST_GNT_FRAMES 16 /* grant-table frames at the hv_area's start */

/* Blobs staged by the loader for a loaded config: [STAGING_BASE, END). */
#define STAGING_BASE  0x48000000ULL
#define STAGING_END   0x60000000ULL
#define LOADED_CONFIG ((const void *)STAGING_BASE)

/* head.S */
void return_to_guest(struct cpu_user_regs *regs) __attribute__((noreturn));
void secondary_entry(void);
void hang(void) __attribute__((noreturn));

/* mmu.c */
void mmu_build_tables(void);
int s2_build(struct arch_domain *ad, unsigned vmid, uint64_t ipa, uint64_t pa,
	     uint64_t size);

/* gic.c */
void gic_dist_init(void);
void gic_cpu_init(unsigned cpu);
unsigned gic_ack(void);
void gic_eoi(unsigned intid);
void gic_send_sgi(unsigned cpu, unsigned sgi);
void gic_enable_spi(unsigned intid);
extern unsigned gic_lrs;
static inline unsigned gic_nr_lrs(void)
{
	return gic_lrs;
}
/* The list registers in use (ICH_ELRSR_EL2 clear: state not invalid), one
 * bit each: lookups and switches touch only these. The ISB makes LR writes
 * just made (a previous lr_put) show in ELRSR. */
static inline uint32_t gic_lrs_used(void)
{
	isb();
	return ~(uint32_t)read_sysreg(S3_4_C12_C11_5) & ((1u << gic_lrs) - 1);
}
void gic_lr_write(unsigned n, uint64_t val);
uint64_t gic_lr_read(unsigned n);
/* ICH_LR_EL2 fields */
#define LR_STATE_SHIFT 62
#define LR_PENDING     (1ULL << 62)
#define LR_ACTIVE      (2ULL << 62)
#define LR_GROUP1      (1ULL << 60)
#define LR_PRIO(p)     ((uint64_t)(p) << 48)
#define LR_VINTID(lr)  ((unsigned)((lr)&0xffffffffu))

/* The list registers of the vCPU current on this pCPU: where its pending
 * virtual interrupts wait for the hardware to deliver them. Inline for
 * vgic_inject's fast path; gic.c has the out-of-line forms. */
static inline int lr_find_in(uint32_t used, unsigned intid)
{
	for (; used; used &= used - 1) {
		unsigned i = (unsigned)__builtin_ctz(used);
		uint64_t lr = gic_lr_read(i);
		if ((lr >> LR_STATE_SHIFT) && LR_VINTID(lr) == intid)
			return (int)i;
	}
	return -1;
}

/* Put intid, pending, into a list register of the vCPU current on this
 * pCPU (or add pending to the LR that holds it). False: no free LR. */
static inline __attribute__((always_inline)) bool lr_put_inline(unsigned intid,
								unsigned prio)
{
	uint32_t used = gic_lrs_used();
	int i = lr_find_in(used, intid);
	if (i >= 0) {
		uint64_t lr = gic_lr_read((unsigned)i);
		if (!(lr & LR_PENDING))
			gic_lr_write((unsigned)i, lr | LR_PENDING);
		return true;
	}
	uint32_t free = ~used & ((1u << gic_nr_lrs()) - 1);
	if (!free)
		return false;
	gic_lr_write((unsigned)__builtin_ctz(free),
		     LR_PENDING | LR_GROUP1 | LR_PRIO(prio) | intid);
	return true;
}
bool lr_put(unsigned intid, unsigned prio);
bool vgic_has(unsigned intid, uint64_t states);

/* time.c */
void time_init(void);
extern uint64_t cntfrq;
uint64_t ns_to_ticks(int64_t ns);
int64_t ticks_to_ns(uint64_t t);

/* vcpu.c: vCPU context, upcall and per-CPU IRQ delivery through the list
 * registers */
bool vgic_inject(struct vcpu *v, unsigned intid);
void vtimer_irq(unsigned cpu);
void arm_sync_percpu_state(struct vcpu *v);

/* vgic.c: the emulated GICv3 of kernel domains */
bool vgic_mmio(struct vcpu *v, uint64_t ipa, unsigned size, bool write,
	       uint64_t *val);
void vgic_sgi(struct vcpu *v, uint64_t sgi1r);
void vgic_raise(struct vcpu *target, unsigned intid);
void vgic_lower_spi(struct domain *d, unsigned intid);
void vgic_flush(struct vcpu *v);
bool vgic_vcpu_pending(struct vcpu *v);
bool vgic_enabled(struct vcpu *v, unsigned intid);
unsigned vgic_prio(struct vcpu *v, unsigned intid);

/* vpl011.c: the emulated PL011 of kernel domains */
bool vpl011_mmio(struct vcpu *v, uint64_t off, unsigned size, bool write,
		 uint64_t *val);
void vpl011_input_init(struct domain *d);

/* Kernel (Linux) domains, one interface a file: the loader (dombuild.c,
 * arch_domain_load_kernel and arch_xen_guest_info), the device tree it
 * boots with (guest_dt.c), PSCI (psci.c), trapped system registers
 * (sysreg.c), FP/SIMD (fp.c); hypercall pointers are translated in mmu.c
 * (arch_guest_va_to_pa), Xen's hypercalls are common/. */
struct domain_config;
int guest_dt_build(void *fdt, int max, struct domain *d,
		   const struct domain_config *cfg, uint64_t ram_size,
		   uint64_t initrd);
void arm_psci(struct vcpu *v, struct cpu_user_regs *r);
bool arm_sysreg(struct vcpu *v, struct cpu_user_regs *r, uint64_t esr);
void arm_fp_save(struct arm_fp_ctxt *c);
void arm_fp_load(const struct arm_fp_ctxt *c);

/* setup.c */
extern bool arm_loaded_config; /* the domains came from a loaded config */
void arm_run(unsigned cpu) __attribute__((noreturn));
void arm_handle_irqs(unsigned cpu);

/* console */
void uart_putc(char c);

/* semihosting exit */
void semihost_exit(int code) __attribute__((noreturn));

#endif
