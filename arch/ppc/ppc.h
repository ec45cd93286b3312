/* ppc64 backend internals: SPR access, the per-CPU area, shared helpers. */
#ifndef PPC_H
#define PPC_H

#include <stddef.h>
#include <larch/types.h>
#include <larch/domain.h>
#include "asm-offsets.h"

#define mfspr(n)                                                               \
	({                                                                     \
		uint64_t __v;                                                  \
		__asm__ __volatile__("mfspr %0, %1" : "=r"(__v) : "i"(n));     \
		__v;                                                           \
	})
#define mtspr(n, v)                                                            \
	__asm__ __volatile__("mtspr %0, %1" ::"i"(n), "r"((uint64_t)(v))       \
			     : "memory")

static inline uint64_t mftb(void)
{
	uint64_t t;
	__asm__ __volatile__("mftb %0" : "=r"(t));
	return t;
}

static inline uint64_t mfmsr(void)
{
	uint64_t m;
	__asm__ __volatile__("mfmsr %0" : "=r"(m));
	return m;
}

/* LPCR bits (value = 1 << (63 - IBM bit number)) */
#define LPCR_HR		 (1ULL << 20) /* host radix */
#define LPCR_ILE	 (1ULL << 25) /* guest interrupts little-endian */
#define LPCR_UPRT	 (1ULL << 22) /* use process table */
#define LPCR_MER	 (1ULL << 11) /* mediated external exception request */
#define LPCR_LPES0	 (1ULL << 3)
#define LPCR_HVICE	 (1ULL << 1)
#define LPCR_HDICE	 (1ULL << 0)
#define LPCR_HEIC	 (1ULL << 4)
#define LPCR_AIL	 (3ULL << 23)
#define LPCR_LD		 (1ULL << 17)
#define LPCR_GTSE	 (1ULL << 10) /* guest translation shootdown */
#define HID0_POWER9_HILE (1ULL << 59)

/* The hot part of the per-CPU area: r13 and HSPRG0 point at it. */
struct ppc_pcpu_hot {
	uint64_t r12;		    /* trap scratch */
	uint64_t vec;		    /* vector of the trap being handled */
	struct cpu_user_regs *regs; /* where the trap entry saves registers */
	uint64_t stack_top;
	uint64_t id;
	uint64_t gtse; /* LPCR[GTSE] is set: a PAPR partition's turn */
	uint64_t pad[2];
};

struct ppc_pcpu {
	uint64_t canary; /* at r13 - CANARY_OFFSET */
	uint8_t gap[CANARY_OFFSET - 8];
	struct ppc_pcpu_hot hot;
	struct cpu_user_regs hyp_regs; /* trap save area while no vCPU runs */
	s_time_t deadline;	       /* this pCPU's timer, polled when idle */
	volatile uint32_t ipi;	       /* an IPI is pending */
	uint64_t pir;
} __attribute__((aligned(128)));

extern struct ppc_pcpu ppc_pcpu[MAX_PCPUS];

static inline struct ppc_pcpu_hot *this_hot(void)
{
	struct ppc_pcpu_hot *h;
	__asm__ __volatile__("mr %0, 13" : "=r"(h));
	return h;
}

struct ppc_platform {
	uint64_t ram_size;
	uint64_t uart; /* LPC 16550 MMIO address (the -bios route) */
	uint64_t tb_freq;
	uint64_t opal_base, opal_entry; /* from skiboot; 0 with -bios */
	uint64_t ipmi_bt;		/* LPC IPMI BT interface (power off) */
	unsigned nr_cpus;
	uint64_t cpu_pir[MAX_PCPUS];
};
extern struct ppc_platform plat;

/* Blobs a loader stages for a loaded config (config, kernel, initrd):
 * [PPC_STAGING_BASE, PPC_STAGING_END), above the domain pool (2 GiB of RAM,
 * as build/ppc's QEMU command line gives). */
#define PPC_STAGING_BASE 0x60000000ULL
#define PPC_STAGING_END	 0x80000000ULL

/* head.S */
void return_to_guest(struct cpu_user_regs *regs) __attribute__((noreturn));
int64_t opal_call(uint64_t token, uint64_t a0, uint64_t a1, uint64_t a2);

/* setup.c */
int ppc_console_getc(void);
bool ppc_console_input_waiting(void);
void ppc_run(unsigned cpu) __attribute__((noreturn));
void hang(void) __attribute__((noreturn));
bool ppc_idle_wakeup(unsigned cpu, uint64_t vec); /* from ppc_trap */

/* time.c */
uint64_t ns_to_tb(s_time_t ns);
s_time_t tb_to_ns(uint64_t tb);
void time_cpu_init(void);

/* vcpu.c */
void ppc_prepare_entry(struct vcpu *v);
void partition_table_init(void);
int ppc_partition_map(struct domain *d, const struct domain_config *cfg);
void ppc_set_process_table(uint32_t lpid, uint64_t base_and_size);
extern const int ppc_entry_rfid; /* this image enters guests with rfid */

#endif
