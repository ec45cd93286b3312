/* PAPR partitions: an unmodified pseries Linux booted by larch (issue 16).
 * The partition calls the hypervisor with `sc 1` (hcall number in r3,
 * arguments r4-r12, status back in r3, values in r4-r12) and RTAS through a
 * stub that makes one hcall. One file per interface: hcall.c dispatches,
 * vterm.c is the hvterm console, rtas.c the RTAS calls, guest_dt.c the
 * device tree, partition.c builds the partition. */
#ifndef ARCH_PPC_PAPR_H
#define ARCH_PPC_PAPR_H

#include <larch/domain.h>
#include <larch/timer.h>
#include <public/event_channel.h>
#include <public/papr.h>
#include <arch/xics.h>

/* Where larch puts its pieces in the partition's real address space: the
 * last 2 MiB of its memory are larch's (shared_info in the last page) and
 * not in the device tree's memory node; the RTAS stub and the device tree
 * sit just below, in reserved ranges. */
#define PAPR_HV_AREA   (2ULL << 20)
#define PAPR_DT_MAX    0x10000
#define PAPR_RTAS_SIZE 0x1000
/* Terminals and their XICS sources: include/public/papr.h. The ICS
 * holds them in order: console, link 1, link 2, ... */
#define PAPR_NR_SOURCES (PAPR_MAX_LINKS + 1)
/* How often larch looks at the UART for the console's interrupt (it has
 * none of its own on powernv's -bios route): 20 ms */
#define PAPR_CONSOLE_POLL_NS 20000000LL

#define PAPR_FP_AREA 1072      /* 64 VSRs, FPSCR, VSCR, VRSAVE: fp.S */
void papr_fp_save(void *area); /* and scrub the registers */
void papr_fp_load(const void *area);

/* A PAPR partition's vCPU: supervisor state a pseries kernel keeps in
 * registers the test guests never touch, moved only for such vCPUs, and
 * its XICS presentation controller. */
struct ppc_papr_vcpu {
	uint64_t dec_tb; /* switched out: the timebase where its DEC hits 0 */
	uint64_t pidr, amr, iamr, uamor, fscr, dscr, tar;
	uint64_t vpa;	       /* registered VPA (partition-real), 0: none */
	struct timer dec_wake; /* ends an H_CEDE when its DEC runs out */
	s_time_t cede_until;
	bool ceded, prodded;
	/* XICS presentation (ICP); how interrupts found the vCPU: MSR[EE]
	 * 1 (taken at once, whether or not Linux had soft-masked) or 0
	 * (Linux had hard-disabled) */
	struct xics_icp icp;
	uint64_t irq_at_ee1, irq_at_ee0;
	uint64_t link_at_ee1, link_at_ee0; /* of those, terminal links' */
	bool counted; /* the interrupt pending now is counted */
	/* its FP/vector state while another guest runs (fp.S) */
	uint8_t fp[PAPR_FP_AREA] __attribute__((aligned(16)));
};

/* A PAPR partition (d->arch.papr; partition.c keeps one per domain slot) */
struct ppc_papr_domain {
	uint64_t ram;		   /* bytes its device tree gives it */
	uint32_t hcall_logged[32]; /* unknown hcalls said once */
	bool other_hcall_logged;   /* one outside PAPR's ranges was said */
	/* XICS sources (ICS) of the terminal links (vterm.c) */
	struct xics_source ics[PAPR_NR_SOURCES];
	struct timer console_poll; /* while the console's source is on */
	int64_t tod_offset;	   /* seconds set-time-of-day moved its clock */
	char panel[32];		   /* RTAS display-character's line */
	unsigned panel_len;
	struct ppc_papr_vcpu vcpu[MAX_VCPUS_PER_DOMAIN];
};

struct hypercall_args;

/* hcall.c: every `sc 1` of a PAPR partition's vCPU; fills r3 and on. */
void papr_hcall(struct vcpu *v);

/* vcpu.c: a partition vCPU's own state around the shared machinery */
void papr_vcpu_init(struct vcpu *v);
void papr_switch_out(struct vcpu *v);
void papr_switch_in(struct vcpu *v);
bool papr_irq_pending(const struct vcpu *v);
long papr_cede(struct vcpu *v);
long papr_prod(struct vcpu *v, uint64_t target);

/* xics.c */
void papr_xics_reset(struct domain *d);
void papr_xics_teardown(struct domain *d);
bool papr_xics_pending(const struct vcpu *v);
void papr_report(struct domain *d);
void papr_events_seen(struct vcpu *v);
void papr_prepare_entry(struct vcpu *v); /* delivery, LPCR[MER] */
long papr_xirr(struct vcpu *v, bool with_time);
long papr_eoi(struct vcpu *v, uint64_t xirr);
long papr_cppr(struct vcpu *v, uint64_t cppr);
long papr_ipi(struct vcpu *v, uint64_t server, uint64_t mfrr);
long papr_ipoll(struct vcpu *v, uint64_t server);

/* vterm.c */
long papr_put_term_char(struct vcpu *v);
long papr_get_term_char(struct vcpu *v);
unsigned papr_nr_links(const struct domain *d);
bool papr_console_input_waiting(const struct domain *d);
evtchn_port_t papr_link_port(const struct domain *d, unsigned k);

/* xics.c: the link sources, for RTAS's ibm,set-xive and friends */
int papr_ics_set_xive(struct domain *d, uint32_t irq, uint32_t server,
		      uint32_t prio);
int papr_ics_get_xive(struct domain *d, uint32_t irq, uint32_t *server,
		      uint32_t *prio);
int papr_ics_int_on(struct domain *d, uint32_t irq, bool on);

/* rtas.c: the RTAS call whose argument block is at partition-real args */
long papr_rtas(struct vcpu *v, uint64_t args);
#define PAPR_RTAS_STUB_WORDS 5
extern const uint32_t papr_rtas_stub[PAPR_RTAS_STUB_WORDS];

/* guest_dt.c: the partition's device tree into buf (max bytes) */
struct papr_dt_params {
	uint64_t ram;		      /* bytes in the memory node */
	uint64_t initrd, initrd_size; /* partition-real; size 0: none */
	uint64_t rtas;		      /* the RTAS stub's address */
	uint32_t nr_vcpus;
	uint32_t nr_links;
	uint64_t tb_freq;
	uint32_t pvr;
	const char *bootargs;
};
int papr_build_dt(void *buf, size_t max, const struct papr_dt_params *p);

extern const char *const papr_rtas_names[RTAS_NR_TOKENS];

#endif
