/* Host tests: configuration device trees, good and bad (tests/configs/,
 * compiled by dtc; each .dts names the error it must produce), and
 * larch_setup from a good one. */
#define _GNU_SOURCE /* memmem */
#include "common_util.h"
#include <larch/config.h>
#include <larch/setup.h>
#include <public/start_info.h>
#include <stdlib.h>

static char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[65536];
	*size = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	buf[*size] = 0;
	return buf;
}

/* "// expect: <text>" on the first line of the source. */
static void expectation(const char *dtb, char *out, size_t n)
{
	char src[512];
	const char *base = strrchr(dtb, '/');
	snprintf(src, sizeof(src), "tests/configs/%.*s.dts",
		 (int)(strlen(base + 1) - 4), base + 1);
	size_t size;
	char *text = read_file(src, &size);
	out[0] = 0;
	if (text && strncmp(text, "// expect: ", 11) == 0)
		snprintf(out, n, "%.*s", (int)strcspn(text + 11, "\n"),
			 text + 11);
}

static void check_config_file(const char *dtb)
{
	char want[200], err[200] = "";
	static char blob[65536];
	static struct larch_config cfg;
	size_t size;
	const char *name = strrchr(dtb, '/') + 1;
	expectation(dtb, want, sizeof(want));
	char *data = read_file(dtb, &size);
	harness_why[0] = 0;
	if (!data || !want[0]) {
		snprintf(harness_why, sizeof(harness_why),
			 "cannot read %s or its expectation", dtb);
	} else {
		memcpy(blob, data, size);
		int rc = config_parse(blob, size, &cfg, err, sizeof(err));
		if (strcmp(want, "ok") == 0) {
			if (rc)
				snprintf(harness_why, sizeof(harness_why),
					 "rejected: %.200s", err);
		} else if (rc == 0) {
			snprintf(harness_why, sizeof(harness_why),
				 "accepted, want error \"%.200s\"", want);
		} else if (!strstr(err, want)) {
			snprintf(harness_why, sizeof(harness_why),
				 "error \"%.100s\", want \"%.100s\"", err,
				 want);
		}
	}
	if (harness_why[0]) {
		harness_failed++;
		printf("FAIL host/config/%.*s: %s\n", (int)(strlen(name) - 4),
		       name, harness_why);
	} else {
		printf("PASS host/config/%.*s\n", (int)(strlen(name) - 4),
		       name);
	}
}

static const char *good_dtb, *kernel_dtb;

static void good_config_values(void)
{
	size_t size;
	static struct larch_config cfg;
	char err[200];
	char *blob = read_file(good_dtb, &size);
	EXPECT(blob != NULL);
	if (!blob)
		return;
	EXPECT_EQ(config_parse(blob, size, &cfg, err, sizeof(err)), 0);
	EXPECT_EQ(cfg.nr_domains, 2);
	EXPECT(strcmp(cfg.dom[0].name, "ping") == 0);
	EXPECT(strcmp(cfg.dom[0].args, "pingpong-a") == 0);
	EXPECT_EQ(cfg.dom[0].nr_vcpus, 2);
	EXPECT_EQ(cfg.dom[0].mem_size, 0x400000);
	EXPECT_EQ(cfg.dom[0].policy, LARCH_POLICY_EAGER);
	EXPECT(cfg.dom[0].privileged);
	EXPECT_EQ(cfg.dom[0].channels[0].remote_port, 3);
	EXPECT(cfg.dom[0].irqs[0].per_cpu);
	EXPECT_EQ(cfg.dom[1].first_cpu, 1);
	EXPECT_EQ(cfg.dom[1].mem_size, 0x100000);
	EXPECT_EQ(cfg.dom[1].policy, LARCH_POLICY_DEFERRED);
	EXPECT(!cfg.dom[1].privileged);
	EXPECT_EQ(cfg.dom[1].irqs[0].pirq, 5);
	/* a blob cut short is rejected, not read past its end */
	EXPECT(config_parse(blob, size - 8, &cfg, err, sizeof(err)) != 0);
}

static void kernel_config_values(void)
{
	size_t size;
	static struct larch_config cfg;
	char err[200];
	char *blob = kernel_dtb ? read_file(kernel_dtb, &size) : NULL;
	EXPECT(blob != NULL);
	if (!blob)
		return;
	EXPECT_EQ(config_parse(blob, size, &cfg, err, sizeof(err)), 0);
	EXPECT_EQ(cfg.dom[0].image[0], 0);
	EXPECT_EQ(cfg.dom[0].kernel.addr, 0x50000000);
	EXPECT_EQ(cfg.dom[0].kernel.size, 0x1ab0000);
	EXPECT_EQ(cfg.dom[0].initrd.addr, 0x58000000);
	EXPECT_EQ(cfg.dom[0].initrd.size, 0x100000);
	EXPECT(strcmp(cfg.dom[0].bootargs, "console=ttyAMA0") == 0);
	EXPECT_EQ(cfg.dom[1].kernel.size, 0);
	EXPECT(strcmp(cfg.dom[1].image, "suite") == 0);
	/* with no staging window (an arch without kernel domains) the same
	 * config is refused, naming the property */
	struct staged_blob w = config_staging_window;
	config_staging_window = (struct staged_blob){ 0, 0 };
	EXPECT(config_parse(blob, size, &cfg, err, sizeof(err)) != 0);
	EXPECT(strstr(err, "domain@0: property \"kernel\"") != NULL);
	config_staging_window = w;
}

/* The fake arch boots no kernels: the weak default refuses the domain. */
static void setup_rejects_kernel_without_arch_support(void)
{
	size_t size;
	char *blob = kernel_dtb ? read_file(kernel_dtb, &size) : NULL;
	fake_reset(1);
	EXPECT(blob != NULL);
	if (!blob)
		return;
	EXPECT_EQ(larch_setup(blob, 1), -1);
	EXPECT(strstr(fake.console, "domain 0 (linux): setup failed (-38)") !=
	       NULL);
}

static void garbage_blob_rejected(void)
{
	static struct larch_config cfg;
	char err[200];
	static char junk[256];
	memset(junk, 0x5a, sizeof(junk));
	EXPECT(config_parse(junk, sizeof(junk), &cfg, err, sizeof(err)) != 0);
	EXPECT(strstr(err, "not a valid device tree") != NULL);
	EXPECT(config_parse(junk, 4, &cfg, err, sizeof(err)) != 0);
}

static void setup_builds_domains_from_config(void)
{
	size_t size;
	char *blob = read_file(good_dtb, &size);
	fake_reset(2);
	EXPECT(blob != NULL);
	if (!blob)
		return;
	EXPECT_EQ(larch_setup(blob, 2), 0);
	struct domain *a = domain_by_id(0), *b = domain_by_id(1);
	EXPECT(a && b);
	if (!a || !b)
		return;
	EXPECT_EQ(a->nr_vcpus, 2);
	EXPECT_EQ(a->evtchn[1].state, ECS_INTERDOMAIN);
	EXPECT_EQ(a->evtchn[1].u.interdomain.port, 3);
	EXPECT_EQ(b->evtchn[3].u.interdomain.dom, 0);
	EXPECT_EQ(irq_descs[27].status, IRQ_GUEST | IRQ_PER_CPU);
	EXPECT(irq_descs[40].owner == b);
	EXPECT_EQ(a->vcpus[0].run_state, VCPU_RUNNABLE);
	EXPECT_EQ(a->vcpus[1].run_state, VCPU_DOWN);
	EXPECT_EQ(b->vcpus[0].processor, 1);
	EXPECT(strstr(fake.console,
		      "domain 1 (pong): 1 vCPU(s), 1024 KiB, deferred") !=
	       NULL);
	/* the start info every guest gets, at the second-to-last page */
	const struct larch_start_info *si =
		(const void *)(a->host_base + a->mem_size - 8192);
	EXPECT_EQ(si->magic, LARCH_START_MAGIC);
	EXPECT_EQ(si->shared_info, GUEST_BASE + a->mem_size - 4096);
	EXPECT_EQ(si->mem_size, 0x400000);
	EXPECT_EQ(si->nr_vcpus, 2);
	EXPECT_EQ(si->nr_pcpus, 2);
	EXPECT(strcmp(si->args, "pingpong-a") == 0);
	EXPECT(memcmp(a->host_base, guest_images[0].start, 5) == 0);
}

static void setup_rejects_unknown_image(void)
{
	size_t size;
	char *blob = read_file(good_dtb, &size);
	fake_reset(1);
	if (!blob)
		return;
	static char copy[65536];
	memcpy(copy, blob, size);
	/* same length as "suite": the blob's layout is unchanged */
	char *p = memmem(copy, size, "suite", 6);
	EXPECT(p != NULL);
	if (p)
		memcpy(p, "nosuc", 5);
	EXPECT_EQ(larch_setup(copy, 1), -1);
	EXPECT(strstr(fake.console, "no image \"nosuc\"") != NULL);
}

static void domain_pool_hands_out_2mib_blocks(void)
{
	uint8_t *ram = aligned_alloc(DOMAIN_BLOCK, 3 * DOMAIN_BLOCK);
	EXPECT(ram != NULL);
	if (!ram)
		return;
	uint64_t base = (uint64_t)(uintptr_t)ram;
	struct domain_pool pool = { base + 100, base + 3 * DOMAIN_BLOCK };
	struct domain_params p = { 0 };
	/* the start is rounded up to a block: only two blocks are left */
	EXPECT_EQ(domain_pool_alloc(&pool, 4096, ~0ULL, 0x1000, &p), 0);
	EXPECT_EQ((uint64_t)(uintptr_t)p.host_base, base + DOMAIN_BLOCK);
	EXPECT_EQ(p.mem_size, DOMAIN_BLOCK);
	EXPECT_EQ(p.guest_base, 0x1000);
	EXPECT_EQ((uint64_t)(uintptr_t)p.shared_info,
		  base + 2 * DOMAIN_BLOCK - 4096);
	EXPECT_EQ(domain_pool_alloc(&pool, DOMAIN_BLOCK + 1, ~0ULL, 0, &p),
		  -XEN_ENOSPC);
	EXPECT_EQ(domain_pool_alloc(&pool, 0, ~0ULL, 0, &p), -XEN_ENOSPC);
	EXPECT_EQ(
		domain_pool_alloc(&pool, DOMAIN_BLOCK, DOMAIN_BLOCK - 1, 0, &p),
		-XEN_ENOSPC);
	EXPECT_EQ(domain_pool_alloc(&pool, DOMAIN_BLOCK, ~0ULL, 0, &p), 0);
	EXPECT_EQ(pool.next, pool.end);
	EXPECT_EQ(domain_pool_alloc(&pool, 1, ~0ULL, 0, &p), -XEN_ENOSPC);
	free(ram);
}

HARNESS_DEFINE("host");

int main(int argc, char **argv)
{
	/* as on arm: [0x48000000, 0x60000000) holds staged blobs */
	config_staging_window = (struct staged_blob){ 0x48000000, 0x18000000 };
	for (int i = 1; i < argc; i++) {
		if (strstr(argv[i], "/good.dtb"))
			good_dtb = argv[i];
		if (strstr(argv[i], "/good_kernel.dtb"))
			kernel_dtb = argv[i];
		check_config_file(argv[i]);
	}
	RUN("config", good_config_values);
	RUN("config", kernel_config_values);
	RUN("config", setup_rejects_kernel_without_arch_support);
	RUN("config", garbage_blob_rejected);
	RUN("config", setup_builds_domains_from_config);
	RUN("config", setup_rejects_unknown_image);
	RUN("config", domain_pool_hands_out_2mib_blocks);
	fake_reset(1); /* frees the config domains' memory */
	return harness_failed ? 1 : 0;
}
