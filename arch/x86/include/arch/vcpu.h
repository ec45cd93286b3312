/* x86_64 per-vCPU and per-domain state: ring-3 PV guests. */
#ifndef ARCH_X86_VCPU_H
#define ARCH_X86_VCPU_H

#include <stdint.h>
#include <larch/atomic.h>

/* Guest registers as the trap entry saves them (arch/x86/head.S pushes
 * exactly this layout). */
struct cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* hardware frame */
};

/* A general register by its encoding number (rax rcx rdx rbx rsp rbp rsi
 * rdi r8..r15), for the instruction emulators. */
static inline uint64_t *cpu_user_regs_gpr(struct cpu_user_regs *r, unsigned n)
{
	uint64_t *const regs[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
		&r->rsi, &r->rdi, &r->r8,  &r->r9,  &r->r10, &r->r11,
		&r->r12, &r->r13, &r->r14, &r->r15,
	};
	return regs[n & 15];
}

/* regs is also the entry frame: while the vCPU is loaded on a pCPU,
 * TSS.rsp0 and syscall_entry's stack point at the end of regs, so the
 * CPU and the entry stubs save the guest's registers straight into it (no
 * copy in, no copy out), and the stub then moves to the pCPU stack named
 * in hyp_sp, which must follow regs (head.S reads it at that offset). The
 * CPU aligns rsp0 down to 16 bytes: regs is 16-aligned, 176 bytes long. */
struct arch_vcpu {
	struct cpu_user_regs regs __attribute__((aligned(16)));
	uint64_t hyp_sp;	 /* top of the stack of the pCPU it is on */
	uint64_t event_callback; /* set_callbacks: upcall entry */
	uint64_t failsafe_callback;
	uint64_t entries; /* traps from ring 3 (suite_trap_count) */
	/* The page-table root this vCPU runs on: its domain's larch-built
	 * table, or (PV paging) the L4 in mm.baseptr. */
	uint64_t cr3;
	/* loaded on every switch: larch's guests find their vcpu_info there;
	 * a PV kernel sets its own (0 until it does) */
	uint64_t gs_base;
	uint64_t fs_base; /* larch's for its guests; a PV kernel sets its own */
	/* a syscall from rip at or above this takes the slow path: the top
	 * of the lower half for larch's guests, 0 for PV kernels */
	uint64_t hypercall_rip_limit;
	bool flush_others;  /* a flush for the domain's other pCPUs is due */
	bool pv;	    /* its domain is a Xen PV kernel */
	bool pv_user;	    /* a PV kernel's user mode runs: syscall is not
			      a hypercall (arch/x86/pv/traps.c) */
	bool upcall_waited; /* an upcall was due while masked (PV counts) */
};

/* struct vcpu's size (larch/domain.h): exactly 512 bytes on x86 */
#define ARCH_VCPU_ALIGN 512

struct arch_domain {
	uint64_t cr3; /* the larch-built page-table root (not PV paging) */
	/* PV paging (a Xen PV kernel): the domain runs on page tables in its
	 * own memory, validated by the frame table, and may use the PV MMU
	 * hypercalls. Domains on larch-built tables may not: those map all
	 * their memory writable, outside any reference count. */
	bool pv;
	spinlock_t mm_lock; /* the frame table's entries of this domain */
};

#endif
