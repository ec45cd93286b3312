/* Xen's 64-bit x86 PV CPU interface: trap table, callbacks, kernel stack,
 * segment bases, the exception/event frame and the iret context (Xen's
 * numbers and layouts, written for larch). */
#ifndef LARCH_PUBLIC_XEN_X86_PV_H
#define LARCH_PUBLIC_XEN_X86_PV_H

#include <public/xen_abi.h>

#define __HYPERVISOR_set_trap_table    0
#define __HYPERVISOR_set_gdt	       2
#define __HYPERVISOR_update_descriptor 10
#define __HYPERVISOR_stack_switch      3
#define __HYPERVISOR_fpu_taskswitch    5
#define __HYPERVISOR_set_segment_base  25
#define __HYPERVISOR_vm_assist	       21
#define __HYPERVISOR_callback_op       30

/* callback_op: register/unregister one entry point. */
#define CALLBACKOP_register   0
#define CALLBACKOP_unregister 1
#define CALLBACKTYPE_event    0
#define CALLBACKTYPE_failsafe 1
#define CALLBACKTYPE_syscall  2
#define CALLBACKTYPE_nmi      4
#define CALLBACKF_mask_events 1
struct callback_register {
	uint16_t type;
	uint16_t flags;
	uint32_t pad_;
	uint64_t address;
};

/* physdev_op(PHYSDEVOP_set_iopl, {iopl}): I/O privilege for its kernel */
#define __HYPERVISOR_physdev_op 33
#define PHYSDEVOP_set_iopl	6
struct physdev_set_iopl {
	uint32_t iopl;
};

/* vm_assist(cmd, type): the assists a 64-bit PV kernel turns on. */
#define VMASST_CMD_enable		 0
#define VMASST_CMD_disable		 1
#define VMASST_TYPE_4gb_segments	 0
#define VMASST_TYPE_4gb_segments_notify	 1
#define VMASST_TYPE_writable_pagetables	 2
#define VMASST_TYPE_pae_extended_cr3	 3
#define VMASST_TYPE_architectural_iopl	 4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict		 32

/* set_trap_table: entries up to one whose address is 0. */
struct trap_info {
	uint8_t vector;
	uint8_t flags; /* bits 0-1: DPL for int n; bit 2: mask events */
	uint16_t cs;   /* a guest selector: RPL 3 */
	uint32_t pad_;
	uint64_t address;
};
#define TI_MASK_EVENTS 4

/* set_gdt(frame list, entries): up to 14 frames, entries below the
 * reserved ones (Xen's FIRST_RESERVED_GDT_ENTRY). */
#define PV_GDT_MAX_ENTRIES 7168
#define PV_GDT_MAX_FRAMES  14 /* 7168 / 512 */

/* set_callbacks(event, failsafe, syscall) */

#define SEGBASE_FS	    0
#define SEGBASE_GS_USER	    1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3

/* The guest's selectors (Xen's flat ring-3 segments). A frame's CS with
 * RPL 0 means "guest kernel mode"; the CPU always runs the guest at RPL 3. */
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_SS64 0xe02b

/* What larch pushes on the guest's kernel stack for an exception or event
 * (lowest address first); error_code only for the vectors that have one.
 * cs bits 32-39 hold the event mask as it was. */
/* rcx, r11, [error_code], rip, cs, rflags, rsp, ss */

/* HYPERVISOR_iret: the guest's stack at the hypercall. */
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};
#define VGCF_in_syscall (1u << 8)

/* VCPUOP_initialise for a 64-bit PV vCPU: its whole first state (Xen's
 * vcpu_guest_context, x86_64 layout). Registers in Xen's order. */
struct xen_cpu_user_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code, entry_vector;
	uint64_t rip;
	uint16_t cs, pad0_;
	uint8_t saved_upcall_mask, pad1_[3];
	uint64_t rflags, rsp;
	uint16_t ss, pad2_[3];
	uint16_t es, pad3_[3], ds, pad4_[3], fs, pad5_[3], gs, pad6_[3];
};
_Static_assert(sizeof(struct xen_cpu_user_regs) == 200, "abi");

#define VGCF_i387_valid (1u << 0)
#define VGCF_in_kernel	(1u << 2)
#define VGCF_online	(1u << 5)
struct vcpu_guest_context {
	uint8_t fpu_ctxt[512]; /* an fxsave image, if VGCF_i387_valid */
	uint64_t flags;	       /* VGCF_* */
	struct xen_cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256]; /* by vector; address 0: none */
	uint64_t ldt_base, ldt_ents;
	uint64_t gdt_frames[16], gdt_ents;
	uint64_t kernel_ss, kernel_sp;
	uint64_t ctrlreg[8]; /* [3]: the kernel's L4 (frame << 12),
				[1]: its user L4 (0: none) */
	uint64_t debugreg[8];
	uint64_t event_callback_eip, failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist;
	uint64_t fs_base, gs_base_kernel, gs_base_user;
};
_Static_assert(offsetof(struct vcpu_guest_context, user_regs) == 520, "abi");
_Static_assert(offsetof(struct vcpu_guest_context, trap_ctxt) == 720, "abi");
_Static_assert(offsetof(struct vcpu_guest_context, gdt_frames) == 4832, "abi");
_Static_assert(offsetof(struct vcpu_guest_context, ctrlreg) == 4984, "abi");
_Static_assert(offsetof(struct vcpu_guest_context, event_callback_eip) == 5112,
	       "abi");
_Static_assert(sizeof(struct vcpu_guest_context) == 5168, "abi");

#endif
