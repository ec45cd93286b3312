/* Host tests: configuration device trees, good and bad (tests/configs/,
 * compiled by dtc; each .dts names on its first line the parse error it
 * must produce, or "ok"; an "ok" one may name on its second line the
 * setup error larch_setup must print on the fake arch), and larch_setup
 * from a good one. */
#define _GNU_SOURCE /* memmem */
#include "common_util.h"
#include <larch/config.h>
#include <larch/setup.h>
#include <larch/lifecycle.h>
#include <larch/sched.h>
#include <public/sched.h>
#include <public/start_info.h>
#include <libfdt.h>
#include <stdlib.h>
#include <unistd.h>

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

/* "// expect: <text>" on the first line of the source, and optionally
 * "// setup: <text>" on the second. */
static void expectation(const char *dtb, char *out, char *setup, size_t n)
{
	char src[512];
	const char *base = strrchr(dtb, '/');
	snprintf(src, sizeof(src), "tests/configs/%.*s.dts",
		 (int)(strlen(base + 1) - 4), base + 1);
	size_t size;
	char *text = read_file(src, &size);
	out[0] = setup[0] = 0;
	if (!text || strncmp(text, "// expect: ", 11) != 0)
		return;
	text += 11;
	size_t len = strcspn(text, "\n");
	snprintf(out, n, "%.*s", (int)len, text);
	if (text[len] && strncmp(text + len + 1, "// setup: ", 10) == 0) {
		text += len + 11;
		snprintf(setup, n, "%.*s", (int)strcspn(text, "\n"), text);
	}
}

/* An accepted config is built on the fake arch: it must come up, or fail
 * with exactly the setup message its source names. */
static void check_setup(char *blob, const char *setup)
{
	fake_reset(2);
	int rc = larch_setup(blob, 2);
	char want[256];
	snprintf(want, sizeof(want), "larch: config: %s\r\n", setup);
	if (!setup[0] && rc)
		snprintf(harness_why, sizeof(harness_why),
			 "setup failed: %.200s", fake.console);
	else if (setup[0] && rc == 0)
		snprintf(harness_why, sizeof(harness_why),
			 "setup worked, want \"%.200s\"", setup);
	else if (setup[0] && !strstr(fake.console, want))
		snprintf(harness_why, sizeof(harness_why),
			 "setup said \"%.100s\", want \"%.100s\"", fake.console,
			 setup);
}

static void check_config_file(const char *dtb)
{
	char want[200], setup[200], err[200] = "";
	static char blob[65536];
	static struct larch_config cfg;
	size_t size;
	const char *name = strrchr(dtb, '/') + 1;
	expectation(dtb, want, setup, sizeof(want));
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
			else
				check_setup(blob, setup);
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

/* good.dtb is needed by several cases: its absence is a failure. */
/* A blob named on the command line; missing or unreadable fails the case. */
static char *read_given(const char *path, const char *name, size_t *size)
{
	char *blob = path ? read_file(path, size) : NULL;
	if (!blob)
		snprintf(harness_why, sizeof(harness_why), "%s %s", name,
			 path ? "unreadable" : "not given");
	return blob;
}

static char *read_good(size_t *size)
{
	return read_given(good_dtb, "good.dtb", size);
}

static void good_config_values(void)
{
	size_t size;
	static struct larch_config cfg;
	char err[200];
	char *blob = read_good(&size);
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
	EXPECT_EQ(cfg.dom[1].mem_size, 0x200000);
	EXPECT(strcmp(cfg.dom[1].node, "domain@1") == 0);
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
	char *blob = read_given(kernel_dtb, "good_kernel.dtb", &size);
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
	char *blob = read_given(kernel_dtb, "good_kernel.dtb", &size);
	fake_reset(1);
	if (!blob)
		return;
	EXPECT_EQ(larch_setup(blob, 1), -1);
	EXPECT(strstr(fake.console,
		      "larch: config: domain@0: kernel: this arch "
		      "boots no kernels") != NULL);
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
	char *blob = read_good(&size);
	fake_reset(2);
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
		      "domain 1 (pong): 1 vCPU(s), 2048 KiB, deferred") !=
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
	char *blob = read_good(&size);
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
	EXPECT(strstr(fake.console, "larch: config: domain@0: image: no guest "
				    "image \"nosuc\"") != NULL);
}

static void domain_pool_hands_out_2mib_blocks(void)
{
	uint8_t *ram = aligned_alloc(DOMAIN_BLOCK, 3 * DOMAIN_BLOCK);
	EXPECT(ram != NULL);
	if (!ram)
		return;
	fake_reset(1);
	uint64_t base = (uint64_t)(uintptr_t)ram;
	struct domain_pool pool = { base + 100, base + 3 * DOMAIN_BLOCK };
	struct domain_params p = { 0 };
	struct domain_config cfg = { .node = "domain@3" };
	/* never rounded up: a part of a block is refused, and says so */
	cfg.mem_size = 4096;
	EXPECT_EQ(domain_pool_alloc(&pool, &cfg, ~0ULL, 0x1000, &p),
		  -XEN_EINVAL);
	EXPECT(strstr(fake.console, "larch: config: domain@3: memory: 0x1000 "
				    "bytes: want a multiple of 2 MiB"));
	cfg.mem_size = 0;
	EXPECT_EQ(domain_pool_alloc(&pool, &cfg, ~0ULL, 0, &p), -XEN_EINVAL);
	cfg.mem_size = DOMAIN_BLOCK;
	EXPECT_EQ(domain_pool_alloc(&pool, &cfg, DOMAIN_BLOCK - 1, 0, &p),
		  -XEN_EINVAL);
	EXPECT_EQ(pool.next, base + 100);
	/* the start is rounded up to a block: only two blocks are left */
	EXPECT_EQ(domain_pool_alloc(&pool, &cfg, ~0ULL, 0x1000, &p), 0);
	EXPECT_EQ((uint64_t)(uintptr_t)p.host_base, base + DOMAIN_BLOCK);
	EXPECT_EQ(p.mem_size, DOMAIN_BLOCK);
	EXPECT_EQ(p.guest_base, 0x1000);
	EXPECT_EQ((uint64_t)(uintptr_t)p.shared_info,
		  base + 2 * DOMAIN_BLOCK - 4096);
	fake.console_len = 0;
	cfg.mem_size = 2 * DOMAIN_BLOCK;
	EXPECT_EQ(domain_pool_alloc(&pool, &cfg, ~0ULL, 0, &p), -XEN_ENOSPC);
	EXPECT(strstr(fake.console, "larch: config: domain@3: memory: 0x400000 "
				    "bytes do not fit the pool (2 MiB left)"));
	cfg.mem_size = DOMAIN_BLOCK;
	EXPECT_EQ(domain_pool_alloc(&pool, &cfg, ~0ULL, 0, &p), 0);
	EXPECT_EQ(pool.next, pool.end);
	EXPECT_EQ(domain_pool_alloc(&pool, &cfg, ~0ULL, 0, &p), -XEN_ENOSPC);
	free(ram);
}

/* Found by the config fuzzer: a header may place the structure block at
 * any offset, so property values can sit at odd addresses; reading them as
 * fdt32_t was a misaligned load (UBSan here, an alignment fault under
 * arm's -mstrict-align). */
static void misaligned_properties_read_bytewise(void)
{
	size_t size;
	static struct larch_config cfg;
	static char copy[65536];
	char err[200];
	char *blob = read_good(&size);
	if (!blob || size + 1 > sizeof(copy))
		return;
	/* one byte more in front of the structure block: every later
	 * offset moves by one */
	uint32_t at = fdt_off_dt_struct(blob);
	memcpy(copy, blob, at);
	copy[at] = 0;
	memcpy(copy + at + 1, blob + at, size - at);
	fdt_set_off_dt_struct(copy, at + 1);
	fdt_set_off_dt_strings(copy, fdt_off_dt_strings(blob) + 1);
	fdt_set_totalsize(copy, fdt_totalsize(blob) + 1);
	EXPECT_EQ(config_parse(copy, size + 1, &cfg, err, sizeof(err)), 0);
	EXPECT_EQ(cfg.dom[0].mem_size, 0x400000);
	EXPECT_EQ(cfg.dom[1].channels[0].local_port, 3);
}

/* Found by the config fuzzer: a negative property length made libfdt walk
 * the same tag forever (config_parse hung). */
static void negative_property_length_rejected(void)
{
	size_t size;
	static struct larch_config cfg;
	static char copy[65536];
	char err[200] = "";
	char *blob = read_good(&size);
	if (!blob || size > sizeof(copy))
		return;
	memcpy(copy, blob, size);
	int prop = fdt_first_property_offset(copy, 0);
	EXPECT(prop >= 0);
	if (prop < 0)
		return;
	struct fdt_property *p =
		(void *)(copy + fdt_off_dt_struct(copy) + prop);
	p->len = cpu_to_fdt32((uint32_t)-12);
	alarm(10); /* a hang ends the test binary, which make check reports */
	EXPECT(config_parse(copy, size, &cfg, err, sizeof(err)) != 0);
	alarm(0);
	EXPECT(strstr(err, "malformed tree") != NULL);
}

/* An image that reaches the start info is refused by name. */
static void image_too_big_named(void)
{
	fake_reset(1);
	struct domain *d = fake_domain(0, 1, 0, 0);
	static uint8_t big[0x3000];
	struct guest_image img = { "big", big, big + sizeof(big) };
	struct domain_config cfg = { .node = "domain@0" };
	EXPECT_EQ(domain_load_image(d, &cfg, &img, 0x2000, 0), -XEN_ENOSPC);
	EXPECT(strstr(fake.console,
		      "larch: config: domain@0: image: \"big\" is 12288 bytes; "
		      "the start info leaves it 8192 of memory 0x10000"));
	EXPECT_EQ(domain_load_image(d, &cfg, &img, 0x3000, 0), 0);
}

/* A backend error that says nothing itself is named by the step and the
 * error's name, never a bare number. */
static void setup_names_a_silent_failure(void)
{
	size_t size;
	char *blob = read_good(&size);
	fake_reset(2);
	if (!blob)
		return;
	fake.load_error = -XEN_EINVAL;
	EXPECT_EQ(larch_setup(blob, 2), -1);
	EXPECT(strstr(fake.console, "larch: config: domain@0: "
				    "arch_domain_load: failed (EINVAL)\r\n"));
	EXPECT(!strstr(fake.console, "-22"));
}

/* The list of configs must reach the test: without it nothing is checked. */
static void config_files_given(void)
{
	EXPECT(good_dtb != NULL);
}

HARNESS_DEFINE("host");

/* A staged config window (config_pick): empty, a device tree, or
 * something else the user loaded, which stops the machine by name. */
static uint8_t window[4096] __attribute__((aligned(8)));

static void pick_garbage(void)
{
	fake_reset(1);
	fake.exit_for_real = true;
	memset(window, 0, sizeof(window));
	memcpy(window, "\x1f\x8b\x08\x00", 4); /* a gzip file */
	config_pick(window, 0x48000000, sizeof(window));
}

static void pick_too_big(void)
{
	fake_reset(1);
	fake.exit_for_real = true;
	fdt_create_empty_tree(window, sizeof(window));
	config_pick(window, 0x48000000, 64);
}

static void staged_config_checked(void)
{
	struct staged_blob saved = config_staging_window;
	memset(window, 0, sizeof(window));
	EXPECT(config_pick(window, 0x48000000, sizeof(window)) == NULL);
	EXPECT(fdt_create_empty_tree(window, sizeof(window)) == 0);
	EXPECT(config_pick(window, 0x48000000, sizeof(window)) == window);
	EXPECT_EQ(config_staging_window.addr, 0x48000000);
	config_staging_window = saved;
	char out[1024];
	int status = in_child(pick_garbage, out, sizeof(out));
	EXPECT(WIFEXITED(status) &&
	       WEXITSTATUS(status) == LARCH_EXIT_BAD_INPUT);
	EXPECT(strstr(out, "larch: the blob loaded at 0x48000000 (first bytes "
			   "1f 8b 08 00) is not a device tree "
			   "(FDT_ERR_BADMAGIC); nothing was started"));
	status = in_child(pick_too_big, out, sizeof(out));
	EXPECT(WIFEXITED(status) &&
	       WEXITSTATUS(status) == LARCH_EXIT_BAD_INPUT);
	EXPECT(strstr(out, "larger than the staging window (64 bytes)"));
}

/* good.dtb built, domain 0 (ping) current on pCPU 0, its config editable */
static struct domain *setup_good_running(struct domain **peer)
{
	size_t size;
	char *blob = read_good(&size);
	fake_reset(2);
	if (!blob || larch_setup(blob, 2))
		return NULL;
	*peer = domain_by_id(1);
	fake.cpu = 0;
	leave_hypervisor(0);
	return domain_by_id(0);
}

/* pCPUs 1 then 0 take their return path (their softirqs) */
static void both_pcpus_return(void)
{
	for (int cpu = 1; cpu >= 0; cpu--) {
		fake.cpu = (unsigned)cpu;
		leave_hypervisor((unsigned)cpu);
	}
}

/* on-reboot = "restart": torn down once its vCPUs are off every pCPU,
 * built again in the same memory (cleared, image loaded), its channel to
 * the peer bound again, vCPU 0 runnable; the machine runs on. */
static void restart_on_reboot_rebuilds_domain(void)
{
	struct domain *b, *a = setup_good_running(&b);
	EXPECT(a != NULL);
	if (!a)
		return;
	((struct domain_config *)a->config)->on_reboot = LIFECYCLE_RESTART;
	uint8_t *mem = a->host_base;
	mem[a->mem_size / 2] = 0x5a;
	EXPECT(a->vcpus[0].is_running);
	domain_shutdown(a, SHUTDOWN_reboot);
	EXPECT_EQ(a->state, DOM_SHUTDOWN); /* not while its vCPU is current */
	leave_hypervisor(0);
	/* its vCPU 1's pCPU has not passed through its softirq path yet */
	EXPECT_EQ(a->state, DOM_SHUTDOWN);
	both_pcpus_return();
	EXPECT_EQ(a->state, DOM_RUNNING);
	EXPECT(a->host_base == mem);
	EXPECT_EQ(mem[a->mem_size / 2], 0);
	EXPECT_EQ(a->evtchn[1].state, ECS_INTERDOMAIN);
	EXPECT_EQ(b->evtchn[3].state, ECS_INTERDOMAIN);
	EXPECT_EQ(b->evtchn[3].u.interdomain.dom, 0);
	EXPECT_EQ(a->vcpus[0].run_state, VCPU_RUNNABLE);
	EXPECT_EQ(irq_descs[27].status, IRQ_GUEST | IRQ_PER_CPU);
	EXPECT(strstr(fake.console, "domain 0 (ping) restarting") != NULL);
	EXPECT_EQ(fake.exit_code, -1);
}

/* The default (destroy): it stays down, its peer's end left unbound for
 * it. A reboot loop is bounded: the fifth restart within the window
 * leaves it down, by name. */
static void default_destroy_and_restart_limit(void)
{
	struct domain *b, *a = setup_good_running(&b);
	if (!a)
		return;
	((struct domain_config *)a->config)->on_reboot = LIFECYCLE_RESTART;
	for (unsigned i = 0; i <= RESTART_LIMIT; i++) {
		leave_hypervisor(0);
		domain_shutdown(a, SHUTDOWN_reboot);
		both_pcpus_return();
	}
	EXPECT_EQ(a->state, DOM_SHUTDOWN);
	EXPECT(strstr(fake.console, "domain 0 (ping) restarted 4 times within "
				    "60 s: left down") != NULL);
	struct domain *b2, *c = setup_good_running(&b2);
	if (!c)
		return;
	domain_shutdown(c, SHUTDOWN_reboot);
	both_pcpus_return();
	EXPECT_EQ(c->state, DOM_SHUTDOWN);
	EXPECT(strstr(fake.console, "restarting") == NULL);
	EXPECT_EQ(fake.exit_code, -1); /* pong still runs */
}

/* on-crash = "end-machine": the machine ends at once, exit 3, named. */
static void end_machine_on_crash(void)
{
	struct domain *b, *a = setup_good_running(&b);
	if (!a)
		return;
	((struct domain_config *)a->config)->on_crash = LIFECYCLE_END_MACHINE;
	domain_crash(&a->vcpus[0], "test", 0);
	EXPECT_EQ(fake.exit_code, 3);
	EXPECT(strstr(fake.console, "domain 0 (ping) ends the machine "
				    "(on-crash), exit 3") != NULL);
}

int main(int argc, char **argv)
{
	/* as on arm: [0x48000000, 0x60000000) holds staged blobs */
	config_staging_window = (struct staged_blob){ 0x48000000, 0x18000000 };
	RUN("config", staged_config_checked);
	for (int i = 1; i < argc; i++) {
		if (strstr(argv[i], "/good.dtb"))
			good_dtb = argv[i];
		if (strstr(argv[i], "/good_kernel.dtb"))
			kernel_dtb = argv[i];
		check_config_file(argv[i]);
	}
	RUN("config", config_files_given);
	RUN("config", good_config_values);
	RUN("config", kernel_config_values);
	RUN("config", setup_rejects_kernel_without_arch_support);
	RUN("config", garbage_blob_rejected);
	RUN("config", setup_builds_domains_from_config);
	RUN("config", setup_rejects_unknown_image);
	RUN("config", domain_pool_hands_out_2mib_blocks);
	RUN("config", misaligned_properties_read_bytewise);
	RUN("config", negative_property_length_rejected);
	RUN("config", image_too_big_named);
	RUN("config", setup_names_a_silent_failure);
	RUN("config", restart_on_reboot_rebuilds_domain);
	RUN("config", default_destroy_and_restart_limit);
	RUN("config", end_machine_on_crash);
	fake_reset(1); /* frees the config domains' memory */
	return harness_failed ? 1 : 0;
}
