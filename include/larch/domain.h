/* Domains and vCPUs: the objects the common core schedules and routes
 * events to. Arch state hangs off each as struct arch_domain/arch_vcpu. */
#ifndef LARCH_DOMAIN_H
#define LARCH_DOMAIN_H

#include <larch/types.h>
#include <larch/atomic.h>
#include <larch/timer.h>
#include <public/shared_info.h>
#include <public/event_channel.h>
#include <public/console.h>
#include <arch/vcpu.h>

enum evtchn_state {
	ECS_FREE = 0,
	ECS_RESERVED, /* port 0: never allocated, as in Xen */
	ECS_UNBOUND,
	ECS_INTERDOMAIN,
	ECS_PIRQ,
	ECS_VIRQ,
	ECS_IPI,
	ECS_HYPERVISOR, /* the other end is a larch service (u.service) */
};

/* Services larch itself serves through an event channel. */
enum evtchn_service {
	EVTCHN_SERVICE_CONSOLE = 1, /* the PV console ring (xen_console.c) */
};

struct evtchn {
	uint8_t state; /* enum evtchn_state */
	uint16_t notify_vcpu;
	union {
		domid_t unbound_remote;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t virq;
		uint32_t pirq;
		uint32_t service; /* enum evtchn_service */
	} u;
};

enum vcpu_run_state {
	VCPU_DOWN = 0, /* never started or taken down */
	VCPU_RUNNABLE, /* on a run queue or running */
	VCPU_BLOCKED,  /* waiting for an event (block or poll) */
};

_Static_assert(EVTCHN_2L_NR_PORTS <= 65536, "virq_to_port is 16 bits");

struct vcpu {
	unsigned vcpu_id;
	struct domain *domain;
	unsigned processor;	     /* pCPU it runs on (affinity) */
	volatile uint32_t run_state; /* enum vcpu_run_state */
	volatile bool is_running;    /* currently loaded on its pCPU */
	bool on_runq;
	bool initialised;  /* has an entry point (VCPUOP_initialise) */
	bool wake_preempt; /* woken: runs before the current slice ends */
	struct vcpu *runq_next;
	s_time_t slice_end;
	struct vcpu_info *vcpu_info;
	/* SCHEDOP_poll: the ports polled, woken when one of them is set. */
	const evtchn_port_t *poll_ports;
	unsigned poll_nr;
	evtchn_port_t poll_buf[8];
	struct timer singleshot; /* VCPUOP_set_singleshot_timer/set_timer_op */
	struct timer poll_timer;
	/* ports are below EVTCHN_2L_NR_PORTS (4096): 16 bits keep struct
	 * vcpu at 512 bytes, a shift to index */
	uint16_t virq_to_port[NR_VIRQS];
	/* per-CPU guest IRQs (IRQ_GUEST|IRQ_PER_CPU) pending for this vCPU */
	uint64_t percpu_irq_pending;
	uint64_t stat_upcalls; /* upcalls delivered */
	/* the guest's copy of its runstate (common/runstate.c), NULL if it
	 * registered none */
	struct vcpu_runstate_info *runstate;
	struct arch_vcpu arch;
}
#ifdef ARCH_VCPU_ALIGN
/* a power-of-two size: d->vcpus[i] is a shift, not a multiply, on every
 * event path */
__attribute__((aligned(ARCH_VCPU_ALIGN)))
#endif
;

struct domain_config;

enum domain_state {
	DOM_FREE = 0,
	DOM_RUNNING,
	DOM_SHUTDOWN,
};

struct domain {
	domid_t domid;
	uint8_t state;	    /* enum domain_state */
	uint8_t policy;	    /* LARCH_POLICY_* */
	bool privileged;    /* may end the machine (tests) */
	bool shutting_down; /* claimed by the first domain_shutdown */
	uint32_t shutdown_reason;
	char name[32];
	struct shared_info *shared_info;
	/* The event bitmaps: in shared_info, unless the guest moved them (a
	 * Xen-ABI guest maps its shared_info page where it likes, and the
	 * arm Xen layout puts them elsewhere: arch/arm/xen.c). */
	xen_ulong_t *evtchn_pending, *evtchn_mask;
	unsigned nr_vcpus;
	struct vcpu vcpus[MAX_VCPUS_PER_DOMAIN];
	/* Guest memory: guest addresses [guest_base, +size) are host bytes at
	 * host_base. Every guest pointer goes through guest_mem_*. */
	uint64_t guest_base;
	uint8_t *host_base;
	uint64_t mem_size;
	/* Hypercall pointers are guest virtual addresses (Xen's arm ABI):
	 * copy_*_guest translate them with arch_guest_va_to_pa. */
	bool guest_va;
	spinlock_t evtchn_lock;
	struct evtchn evtchn[EVTCHN_2L_NR_PORTS];
	evtchn_port_t pirq_to_port[MAX_GUEST_IRQS];
	/* console line being assembled from CONSOLEIO_write */
	char con_line[160];
	unsigned con_len;
	uint8_t con_esc; /* inside a terminal escape sequence: 1 ESC, 2 CSI */
	bool con_split;	 /* this line was too long: its pieces are prefixed */
	spinlock_t con_lock; /* the line above: one writer at a time */
	/* The PV console ring larch serves (common/xen_console.c), if any:
	 * the page in the domain's memory, its event channel and the input
	 * index larch keeps (the ring's copy is the guest's to scribble). */
	struct xencons_interface *cons_ring;
	spinlock_t cons_lock; /* one drainer of its output at a time */
	evtchn_port_t cons_port;
	uint32_t cons_in_prod;
	/* Upcalls the arch found masked at delivery and delivered once the
	 * guest unmasked and asked (x86 PV kernels: Linux's irq enable);
	 * printed at shutdown when non-zero. */
	uint64_t stat_unmask_upcalls;
	/* what built it, for a restart (NULL: not built from a config) */
	const struct domain_config *config;
	struct arch_domain arch;
};

extern struct domain domains[MAX_DOMAINS];

struct domain_params {
	domid_t domid;
	const char *name;
	unsigned nr_vcpus;
	unsigned first_cpu; /* vCPU i runs on pCPU (first_cpu+i) % nr_pcpus */
	uint8_t policy;
	bool privileged;
	uint64_t guest_base;
	void *host_base;
	uint64_t mem_size;
	struct shared_info *shared_info;
};

/* The host address of the guest area [gaddr, +len), gaddr as the domain
 * passes pointers (virtual where d->guest_va: it must translate to one
 * contiguous range); NULL if it is not all the domain's memory. */
void *guest_area_ptr(struct domain *d, uint64_t gaddr, size_t len);

/* Create a domain (state RUNNING, vCPU 0 up; others down). */
int domain_create(const struct domain_params *p, struct domain **out);
struct domain *domain_by_id(domid_t id);
/* DOMID_SELF resolves to the caller's domain. */
struct domain *domain_lookup(struct vcpu *caller, domid_t id);
void domain_shutdown(struct domain *d, uint32_t reason);
/* v's guest did what only stopping its domain answers: prints "larch:
 * domain N (name) stopped: <why>" (stable: the boot tests expect it) and
 * where (pc), then shuts the domain down as crashed. */
void domain_crash(struct vcpu *v, const char *why, uint64_t pc);
bool all_domains_shut_down(void);
/* The machine ends with code now, once (a domain's end-machine action). */
void domains_end_machine(int code);
/* Every domain is down: the machine ends with domains_exit_code(). */
void end_if_all_down(void);
/* A restart's rebuild failed: d stays down, as crashed. */
void domain_restart_failed(struct domain *d);
/* The machine's exit code now: 0 unless some domain crashed (3). */
int domains_exit_code(void);
void domains_reset(void); /* host tests only */

/* Guest memory access: bounds-checked, returns 0 or -XEN_EFAULT. */
int copy_from_guest(struct domain *d, void *dst, uint64_t gaddr, size_t len);
int copy_to_guest(struct domain *d, uint64_t gaddr, const void *src,
		  size_t len);
/* Optional (a weak default fails): the guest physical address of va in
 * d's current translation; d is the domain running on this pCPU. */
int arch_guest_va_to_pa(struct domain *d, uint64_t va, bool write,
			uint64_t *pa);
/* Host pointer for guest physical [gaddr, gaddr+len) or NULL if any byte
 * is outside. */
void *guest_mem_ptr(struct domain *d, uint64_t gaddr, size_t len);

/* ---- arch duties ---- */
/* Set up arch state of a new vCPU (registers zeroed, entry not yet set). */
void arch_vcpu_init(struct vcpu *v);

#endif
