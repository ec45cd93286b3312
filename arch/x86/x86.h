/* x86_64 backend internals: segment selectors, the LAPIC, MSRs, port I/O
 * and the pieces head.S, setup.c and vcpu.c share. */
#ifndef X86_H
#define X86_H

#include <larch/types.h>
#include <larch/domain.h>
#include <larch/hypercall.h>
#include <arch/layout.h> /* DIRECTMAP_BASE, __va, __pa, HV_SLOT_* */

/* Selectors: Xen's reserved GDT entries (from 0xe000, the window's page
 * 14: arch/x86/gdt.c), the same on every pCPU; a PV kernel's own
 * descriptors are the entries below. head.S's boot GDT (0x08 code, 0x10
 * data, 0x28 32-bit code) serves only until cpu_tables. */
#define SEL_HYP_CS		 0xe008
#define SEL_HYP_DS		 0xe010
#define SEL_USER_CS32		 0xe023 /* FLAT_RING3_CS32 */
#define SEL_USER_DS		 0xe02b /* FLAT_RING3_DS32, _SS64 */
#define SEL_USER_CS		 0xe033 /* FLAT_RING3_CS64 */
#define SEL_TSS			 0xe040
#define GDT_FIRST_RESERVED_ENTRY (0xe000 / 8) /* 7168: 14 pages */

#define STACK_SHIFT 14
#define STACK_SIZE  (1UL << STACK_SHIFT)

/* Interrupt vectors. */
#define VEC_HYPERCALL 0x82 /* frame marker of the syscall entry */
#define VEC_ISA_BASE  0x30 /* + ISA IRQ, routed by the I/O APIC */
#define VEC_TIMER     0xf0
#define VEC_IPI	      0xf1
#define VEC_TLB_FLUSH 0xf2 /* x86_flush_request set for this pCPU */
#define VEC_SPURIOUS  0xff

/* Blobs a loader staged for a loaded config (-m 1G or more; QEMU's
 * -device loader): the config at STAGING_BASE, then kernels and initrds,
 * up to the end of RAM. Physical addresses, kept out of the domain pool
 * when used. */
#define STAGING_BASE 0x20000000ULL

/* Guest virtual layout: each domain's memory at the same guest address,
 * mapped user-accessible in its own page-table slot (PDPT entry 1). */
#define GUEST_VA_BASE 0x40000000ULL

#define RFLAGS_IF   (1ULL << 9)
#define RFLAGS_USER 0xcd5ULL /* CF PF AF ZF SF DF OF: the guest may set */

#define MSR_EFER	   0xc0000080
#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_STAR	   0xc0000081
#define MSR_LSTAR	   0xc0000082
#define MSR_SFMASK	   0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102

#define LAPIC_PHYS	0xfee00000UL
#define LAPIC_BASE	(DIRECTMAP_BASE + LAPIC_PHYS) /* uncached part */
#define APIC_ID		0x20
#define APIC_TPR	0x80
#define APIC_EOI	0xb0
#define APIC_SVR	0xf0
#define APIC_ICR_LO	0x300
#define APIC_ICR_HI	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3e0

static inline uint32_t lapic_read(unsigned reg)
{
	return *(volatile uint32_t *)(LAPIC_BASE + reg);
}

static inline void lapic_write(unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(LAPIC_BASE + reg) = v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	__asm__ __volatile__("mov %0, %%cr0" ::"r"(v) : "memory");
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	__asm__ __volatile__("mov %0, %%cr3" ::"r"(v) : "memory");
}

/* head.S */
extern uint64_t boot_pml4[512], boot_pdpt[512], boot_pd[4][512];
extern uint64_t gdt[];
extern char trap_stubs[], syscall_entry[];
extern char trampoline_start[], trampoline_end[];
extern volatile uint64_t ap_stack;
extern volatile uint32_t ap_cpu;
extern uint32_t boot_info_ptr;
void __attribute__((noreturn)) return_to_guest(const struct cpu_user_regs *r);

/* setup.c */
extern uint8_t hyp_stacks[][STACK_SIZE];
/* Copy larch's PML4 slots HV_SLOT_FIRST..HV_SLOT_LAST (the directmap, with
 * the image) into l4, a guest's top-level table: the hypervisor's entry
 * paths run on whichever page table the guest has loaded. */
void x86_install_hv_slots(uint64_t *l4);
/* uart.c: COM1's receive interrupt, routed to this APIC */
void x86_uart_input_init(uint32_t boot_apic_id);

/* paging.c */
struct domain_pool;
struct domain_config;
void x86_paging_init(struct domain_pool *pool);
void x86_paging_assign(struct domain *d);
/* A domain's frame-table work: under its mm_lock; the unlock also runs
 * the TLB flush for other pCPUs that the work asked for. */
void x86_mm_lock(struct domain *d);
void x86_mm_unlock(struct vcpu *v);
void x86_pv_vcpu_init(struct vcpu *v);
struct pv_mm *x86_pv_mm(struct vcpu *v);
/* A PV guest's page fault that may be a store into its own page table:
 * 1 emulated (r updated), 0 not one, -1 refused (why says so). */
int x86_pv_ptwr(struct vcpu *v, struct cpu_user_regs *r, uint64_t cr2,
		char *why, size_t whylen);
/* The IPI handler and every wait call x86_tlb_service: a pCPU asked to
 * flush does so even while it spins for the same from another. */
extern volatile uint32_t x86_flush_request[MAX_PCPUS];
void x86_tlb_flush_requested(unsigned cpu);
static inline void x86_tlb_service(unsigned cpu)
{
	if (__atomic_load_n(&x86_flush_request[cpu], __ATOMIC_ACQUIRE))
		x86_tlb_flush_requested(cpu);
}
struct hypercall_args;
long x86_pv_mmu_hypercall(struct vcpu *v, const struct hypercall_args *h);

/* The PV domain whose guest mappings each pCPU's TLB may hold (CR4.PGE
 * is clear: a CR3 load drops the previous domain's). */
extern struct domain *volatile x86_tlb_domain[MAX_PCPUS];

/* gdt.c: the pCPU's GDT window: larch's descriptors and the TSS in its
 * reserved page; a PV vCPU's GDT frames below (nr of them, 0..14). */
void x86_gdt_window_init(unsigned cpu, const void *tss, uint16_t tss_limit);
void x86_gdt_window_map(unsigned cpu, const uint64_t *mfns, unsigned nr);

/* setup.c: CR0 with the FPU off (EM: larch's guests may not touch it, so
 * no FPU state is switched for them) and on (a PV kernel's vCPU, whose
 * x87/SSE state larch saves and restores). */
extern uint64_t x86_cr0_no_fpu, x86_cr0_fpu;

/* setup.c: larch's FS base on a pCPU (libfdt's canary) */
uint64_t x86_hyp_fs_base(unsigned cpu);
/* setup.c: an IPI with vector VEC_TLB_FLUSH */
void x86_send_tlb_flush(unsigned cpu);

/* The hypercall in r's registers (syscall's: number in rax, arguments
 * rdi rsi rdx r10 r8), its result into rax. */
static inline void x86_dispatch_hypercall(struct vcpu *v,
					  struct cpu_user_regs *r)
{
	struct hypercall_args h = {
		.nr = r->rax,
		.a = { r->rdi, r->rsi, r->rdx, r->r10, r->r8 },
	};
	r->rax = (uint64_t)do_hypercall(v, &h);
}

/* make ARCH=x86 PV_TRACE=1: every PV kernel hypercall, bounced exception
 * and emulated page-table store on the console (for bring-up of a new
 * kernel; off in every test and bench image). */
#ifdef LARCH_PV_TRACE
#define pv_trace(...) printk("pv: " __VA_ARGS__)
#else
#define pv_trace(...) ((void)0)
#endif

/* pv/traps.c: Xen's 64-bit PV CPU model for PV kernels. Each false
 * leaves *why NULL (nothing registered: the caller reports the fault) or
 * says why the guest must be stopped. */
bool x86_pv_exception(struct vcpu *v, unsigned vec, uint64_t err, uint64_t cr2,
		      const char **why);
bool x86_pv_upcall(struct vcpu *v);
bool x86_pv_syscall(struct vcpu *v, const char **why);
bool x86_pv_iret(struct vcpu *v, const char **why);
/* every x86 hypercall of a PV kernel: CPU model, descriptors, MMU */
long x86_pv_hypercall(struct vcpu *v, const struct hypercall_args *h);
struct trap_info;
/* one trap-table entry (its selector made RPL 3): 0 or -XEN_E* */
long x86_pv_trap_check(struct trap_info *t);
/* pv/descriptor_tables.c: set_gdt, update_descriptor; at a switch to a
 * PV vCPU, its GDT frames into this pCPU's window, its FPU state into the
 * registers, then x86_load_frame */
long x86_pv_descriptor_hypercall(struct vcpu *v,
				 const struct hypercall_args *h);
void x86_pv_load_frame(unsigned cpu, struct vcpu *v);
long x86_pv_gdt_install(struct vcpu *t, const uint64_t *mfns, unsigned nr);

/* pv/xstate.c: the x87/SSE/AVX state of PV vCPUs. x86_fpu_owner[cpu] is
 * the PV vCPU whose state cpu's registers hold (NULL: a larch guest's
 * settings, CR0.EM and XCR0 x87|SSE, are loaded). */
extern struct vcpu *x86_fpu_owner[MAX_PCPUS];
void x86_xstate_init(unsigned cpu);
void x86_pv_fpu_load(unsigned cpu, struct vcpu *v);
void x86_pv_set_ts(struct vcpu *v, bool ts);
void x86_load_frame_after_pv(unsigned cpu, struct vcpu *v);
uint64_t x86_pv_xcr0_max(void);
uint64_t x86_pv_cr4_fixed(void);
void x86_pv_cpuid_xstate(uint32_t sub, uint32_t *r);
bool x86_pv_xsetbv(struct vcpu *v, uint32_t reg, uint64_t val);

/* pv/emul_priv_op.c: rdmsr/wrmsr, xsetbv, mov CR (#GP) and the
 * forced-emulation CPUID (#UD) of a PV kernel; 1 emulated (r updated), 0 not one of them. */
int x86_pv_emulate_op(struct vcpu *v, struct cpu_user_regs *r, unsigned vec);
/* A PV kernel's syscall: a hypercall from its kernel mode, its kernel's
 * from its user mode. */
void x86_pv_syscall_entry(struct vcpu *v, struct cpu_user_regs *r);

/* pv/kernel_load.c: prop names the config property that gave the kernel */
bool x86_is_elf(const void *img, uint64_t len);
int x86_pv_kernel_load(struct domain *d, const struct domain_config *cfg,
		       const void *kernel, uint64_t len, const void *initrd,
		       uint64_t initrd_len, const char *prop);

/* arch_cpu_id, inline for the entry paths: the index of the 16 KiB
 * pCPU stack rsp is in (no segment base is trusted: guests load GS).
 * rsp and hyp_stacks both lie in the directmap, whose base has its low 32
 * bits clear, below 4 GiB: their low 32 bits are physical addresses, and
 * hyp_stacks' is a link-time immediate (no RIP-relative lea needed). */
static inline unsigned x86_cpu_id(void)
{
	uint32_t off;
	__asm__("mov %%esp, %0\n\t"
		"sub $hyp_stacks - " LAYOUT_STR(DIRECTMAP_BASE_NUM) ", %0"
		: "=r"(off));
	return off >> STACK_SHIFT;
}
extern uint64_t tsc_mul; /* ns = (tsc * tsc_mul) >> 32 */
extern uint64_t tsc_khz;
extern uint64_t ram_end;
void __attribute__((noreturn)) x86_run(unsigned cpu);
void x86_load_frame(unsigned cpu, struct vcpu *v);
void x86_interrupt(unsigned cpu, unsigned vec);

/* vcpu.c */
void __attribute__((noreturn)) x86_guest_trap(struct cpu_user_regs *f);
void __attribute__((noreturn)) x86_hypercall(struct cpu_user_regs *r);
void x86_report_native_pair(void);

#endif
