/* Domain configuration from a device tree (compiled by dtc, read with
 * libfdt). Layout of the tree: docs/config.md. */
#ifndef LARCH_CONFIG_H
#define LARCH_CONFIG_H

#include <larch/types.h>

#define CONFIG_MAX_CHANNELS 8
#define CONFIG_MAX_IRQS	    8

struct channel_config {
	uint32_t local_port;
	uint32_t remote_domid;
	uint32_t remote_port;
};

struct irq_config {
	uint32_t irq;
	uint32_t pirq; /* unused for per-CPU IRQs */
	bool per_cpu;
};

/* A blob staged in RAM by the loader (QEMU -device loader). */
struct staged_blob {
	uint64_t addr, size; /* size 0: absent */
};

/* What a domain's poweroff, reboot or crash does (xl's on_poweroff,
 * on_reboot, on_crash): docs/config.md, "Lifecycle". */
enum lifecycle_action {
	LIFECYCLE_DESTROY,     /* it stays down (the default) */
	LIFECYCLE_RESTART,     /* built again from the same config and images */
	LIFECYCLE_END_MACHINE, /* the machine ends, with its exit code */
};

struct domain_config {
	char node[32]; /* its node's name, e.g. "domain@1", for messages */
	uint32_t domid;
	char name[32];
	char image[32]; /* built-in guest image to load ("" for a kernel) */
	/* Linux domain: an arm64 Image (and initramfs) staged in RAM, booted by
	 * the Linux boot protocol instead of a built-in image. */
	struct staged_blob kernel, initrd;
	char bootargs[256];
	char args[64]; /* string handed to the guest */
	uint32_t nr_vcpus;
	uint32_t first_cpu;
	uint64_t mem_size;
	uint8_t policy; /* LARCH_POLICY_* */
	bool privileged;
	uint8_t on_poweroff, on_reboot, on_crash; /* enum lifecycle_action */
	unsigned nr_channels;
	struct channel_config channels[CONFIG_MAX_CHANNELS];
	unsigned nr_irqs;
	struct irq_config irqs[CONFIG_MAX_IRQS];
};

struct larch_config {
	unsigned nr_domains;
	struct domain_config dom[MAX_DOMAINS];
};

/* Where staged blobs (kernel, initrd) may lie: RAM the hypervisor neither
 * occupies nor hands to domains. Set by the arch before config_parse; an
 * empty window means "no kernel domains on this machine". */
extern struct staged_blob config_staging_window;

/* Parse and check a whole configuration. On error returns a negative value
 * and writes a one-line reason naming the node and property to err. */
int config_parse(const void *fdt, size_t fdt_size, struct larch_config *cfg,
		 char *err, size_t errlen);

#endif
