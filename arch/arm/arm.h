/* arm64 backend internals: system register access, the per-pCPU block
 * the assembly finds through TPIDR_EL2, and the pieces the arch files
 * share with each other. */
#ifndef ARM_ARM_H
#define ARM_ARM_H

#include <larch/types.h>
#include <arch/vcpu.h>
#include "asm-offsets.h"

struct vcpu;

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
	uint64_t pad2[3];
};
extern struct arm_pcpu arm_pcpu[MAX_PCPUS];

static inline struct arm_pcpu *this_pcpu(void)
{
	return (struct arm_pcpu *)read_sysreg(tpidr_el2);
}

/* Interrupt numbers (GIC INTIDs). */
#define IPI_SGI	      0
#define PPI_HYP_TIMER 26 /* CNTHP: the hypervisor's own preemption timer */
#define PPI_VTIMER    27 /* CNTV: the guest's virtual timer */
#define PPI_EVTCHN    31 /* event-channel upcall, as Xen's GUEST_EVTCHN_PPI */

/* Platform facts read from the firmware device tree. */
struct arm_platform {
	uint64_t ram_base, ram_size;
	uint64_t uart;
	uint64_t gicd, gicr, gicr_size;
	uint64_t cpu_mpidr[MAX_PCPUS];
	unsigned nr_cpus;
	bool psci_smc;
};
extern struct arm_platform plat;

/* Guest physical (IPA) layout, the same for every domain. */
#define GUEST_IPA_BASE 0x40000000ULL

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
unsigned gic_nr_lrs(void);
void gic_lr_write(unsigned n, uint64_t val);
uint64_t gic_lr_read(unsigned n);
/* ICH_LR_EL2 fields */
#define LR_STATE_SHIFT 62
#define LR_PENDING     (1ULL << 62)
#define LR_ACTIVE      (2ULL << 62)
#define LR_GROUP1      (1ULL << 60)
#define LR_PRIO(p)     ((uint64_t)(p) << 48)
#define LR_VINTID(lr)  ((unsigned)((lr)&0xffffffffu))

/* time.c */
void time_init(void);
extern uint64_t cntfrq;
uint64_t ns_to_ticks(int64_t ns);
int64_t ticks_to_ns(uint64_t t);

/* vgic / vcpu context (vcpu.c) */
bool vgic_inject(unsigned intid);
bool vgic_has(unsigned intid, uint64_t states);
void vtimer_irq(unsigned cpu);
void arm_sync_percpu_state(struct vcpu *v);

/* setup.c */
void arm_run(unsigned cpu) __attribute__((noreturn));
void arm_handle_irqs(unsigned cpu);

/* console */
void uart_putc(char c);

/* semihosting exit */
void semihost_exit(int code) __attribute__((noreturn));

#endif
