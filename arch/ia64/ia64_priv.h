/* ia64 backend internals: the hardware interface (hw.c on a real CPU,
 * model/hw_model.c on the host) and the pieces trap.c ties together. */
#ifndef IA64_PRIV_H
#define IA64_PRIV_H

#include <larch/domain.h>
#include <larch/hypercall.h>

/* ---- hardware interface: one implementation per build ---- */
uint64_t ia64_hw_itc(void);	    /* interval time counter */
extern const uint64_t ia64_itc_hz;  /* its frequency */
void ia64_hw_set_itm(uint64_t itc); /* one-shot match; ITV unmasked */
void ia64_hw_mask_timer(void);	    /* ITV.m = 1 */
uint64_t ia64_hw_read_ivr(void);    /* acknowledge: vector or 15 */
void ia64_hw_eoi(void);		    /* cr.eoi */
void ia64_hw_send_ipi(unsigned cpu, unsigned vector);
unsigned ia64_hw_cpu_id(void);			      /* ar.k4 */
void ia64_hw_set_current(struct cpu_user_regs *regs); /* ar.k7 */
void ia64_hw_set_rr(unsigned region, uint64_t rr);
/* Insert a guest translation (itc.i / itc.d) for one 16 KiB page. */
void ia64_hw_insert_tc(bool insn, uint64_t va, uint64_t pte, uint64_t itir);
void ia64_hw_putc(char c);
void ia64_hw_wait(void); /* hint @pause while idle */
void ia64_hw_halt(int code) __attribute__((noreturn));

/* ---- backend logic (portable C, run on the host model too) ---- */
/* Registers the guest would see after an interruption return. */
uint64_t ia64_psr_for_rfi(const struct cpu_user_regs *r);
/* Merge the real cr.ipsr the entry path saved into the virtual one. */
void ia64_sync_from_hw(struct cpu_user_regs *r);
/* Step past the instruction at cr.iip/ipsr.ri (after a fault we handled). */
void ia64_advance_ip(struct cpu_user_regs *r, unsigned template_);

/* Privileged-operation emulation. */
enum privop_result {
	PRIVOP_FAST, /* emulated: back to the guest without the full path */
	PRIVOP_SLOW, /* emulated: go through leave_hypervisor */
	PRIVOP_BAD,  /* not emulable: the guest is at fault */
};
enum privop_result ia64_emulate_privop(struct vcpu *v, const char **why);
/* Decode one 41-bit slot from a 16-byte bundle; template in *tmpl. */
uint64_t ia64_bundle_slot(const uint8_t bundle[16], unsigned slot,
			  unsigned *tmpl);
/* Unit of a slot for a template: 'M', 'I', 'F', 'B', 'L', 'X' or 0. */
char ia64_slot_unit(unsigned tmpl, unsigned slot);

/* Trap dispatch: called by entry.S with the guest's state saved in the
 * current vCPU's regs. Returns the vCPU to enter (never NULL). */
struct vcpu *ia64_trap(unsigned cpu, unsigned long vector);
/* The boot CPU's and secondary CPUs' way into the first guest. */
struct vcpu *ia64_next_vcpu(unsigned cpu);
/* Guest fault: name the domain and reason, crash it. */
void ia64_guest_fault(struct vcpu *v, const char *why);
/* A guest TLB miss: map the page if it lies in the domain's memory. */
int ia64_guest_tlb_miss(struct vcpu *v, uint64_t va, bool insn);

/* Per-vCPU register backing stores (the guest's stacked registers while
 * the hypervisor runs). */
uint64_t *ia64_vcpu_rbs(const struct vcpu *v);

/* Counters the host model and the bench read. */
struct ia64_stats {
	uint64_t extint, breaks, privops, tlb_misses, guest_faults;
};
extern struct ia64_stats ia64_stats[MAX_PCPUS];

#endif
