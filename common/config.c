/* Domain configuration from a device tree, read with libfdt. Every value is
 * checked; the first problem found is reported by node and property. */
#include <larch/config.h>
#include <larch/console.h>
#include <larch/irq.h>
#include <larch/setup.h>
#include <public/shared_info.h>
#include <libfdt.h>
#include <string.h>

#define MAX_DOMAIN_MEMORY (1ULL << 30)

struct parse {
	const void *fdt;
	char *err;
	size_t errlen;
};

/* "<domain node>[: <child node>]: <what>" */
static int fail(struct parse *ps, int node, const char *what)
{
	const char *name = fdt_get_name(ps->fdt, node, NULL);
	int parent = fdt_parent_offset(ps->fdt, node);
	const char *pname =
		parent >= 0 ? fdt_get_name(ps->fdt, parent, NULL) : NULL;
	if (pname && strcmp(pname, "domains") != 0)
		snprintk(ps->err, ps->errlen, "%s: %s: %s", pname,
			 name ? name : "?", what);
	else
		snprintk(ps->err, ps->errlen, "%s: %s", name ? name : "?",
			 what);
	return -1;
}

enum {
	STR_REQUIRED = 1, /* absent is an error */
	STR_NONEMPTY = 2, /* "" is an error: the value names something */
};

/* A string property, NUL-terminated within its length and shorter than max. */
static int get_string(struct parse *ps, int node, const char *prop, char *out,
		      size_t max, unsigned flags)
{
	int len;
	const char *s = fdt_getprop(ps->fdt, node, prop, &len);
	if (!s) {
		if (!(flags & STR_REQUIRED))
			return 0;
		char msg[64];
		snprintk(msg, sizeof(msg), "missing property \"%s\"", prop);
		return fail(ps, node, msg);
	}
	if (len < 1 || s[len - 1] != '\0' || strlen(s) + 1 != (size_t)len ||
	    (size_t)len > max) {
		char msg[64];
		snprintk(msg, sizeof(msg),
			 "property \"%s\" is not a string of < %u chars", prop,
			 (unsigned)max);
		return fail(ps, node, msg);
	}
	if ((flags & STR_NONEMPTY) && len == 1) {
		char msg[64];
		snprintk(msg, sizeof(msg), "property \"%s\" is empty", prop);
		return fail(ps, node, msg);
	}
	memcpy(out, s, len);
	return 0;
}

/* A u32 (one cell) or u64 (two cells) property. */
static int get_uint(struct parse *ps, int node, const char *prop, uint64_t *out,
		    bool required, bool allow64)
{
	int len;
	const fdt32_t *p = fdt_getprop(ps->fdt, node, prop, &len);
	char msg[64];
	if (!p) {
		if (!required)
			return 0;
		snprintk(msg, sizeof(msg), "missing property \"%s\"", prop);
		return fail(ps, node, msg);
	}
	/* fdt32_ld: a header may put the structure block at any offset, so
	 * the value need not be 4-byte aligned. */
	if (len == 4) {
		*out = fdt32_ld(&p[0]);
	} else if (len == 8 && allow64) {
		*out = (uint64_t)fdt32_ld(&p[0]) << 32 | fdt32_ld(&p[1]);
	} else {
		snprintk(msg, sizeof(msg),
			 "property \"%s\" has %d bytes, want %s", prop, len,
			 allow64 ? "4 or 8" : "4");
		return fail(ps, node, msg);
	}
	return 0;
}

/* "<prop>: <v> out of range <lo>..<hi>": the range is in the message, so
 * the user need not look it up. */
static int out_of_range(struct parse *ps, int node, const char *prop,
			uint64_t v, uint64_t lo, uint64_t hi)
{
	char msg[96];
	snprintk(msg, sizeof(msg), "%s: %llu out of range %llu..%llu", prop,
		 (unsigned long long)v, (unsigned long long)lo,
		 (unsigned long long)hi);
	return fail(ps, node, msg);
}

/* Edit distance with adjacent swaps counted once ("vpcus" is one step from
 * "vcpus"), three rolling rows (hypervisor stacks are small); names longer
 * than a row are not compared. */
static unsigned edit_distance(const char *a, const char *b)
{
	enum { N = 32 };
	unsigned rows[3][N + 1];
	size_t la = strlen(a), lb = strlen(b);
	if (la > N || lb > N)
		return ~0u;
	for (size_t j = 0; j <= lb; j++)
		rows[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned *cur = rows[i % 3], *up = rows[(i + 2) % 3],
			 *up2 = rows[(i + 1) % 3];
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned best = up[j - 1] + (a[i - 1] != b[j - 1]);
			if (up[j] + 1 < best)
				best = up[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && up2[j - 2] + 1 < best)
				best = up2[j - 2] + 1;
			cur[j] = best;
		}
	}
	return rows[la % 3][lb];
}

/* A property the parser does not read is refused, not ignored: a typo
 * ("vpcus") would otherwise silently give the default. The closest known
 * name is offered when it is near enough to be the one meant. */
static int check_known(struct parse *ps, int node, const char *const known[])
{
	int prop;
	fdt_for_each_property_offset(prop, ps->fdt, node)
	{
		const char *name;
		if (!fdt_getprop_by_offset(ps->fdt, prop, &name, NULL) || !name)
			return fail(ps, node, "malformed property");
		const char *best = NULL;
		unsigned best_d = ~0u;
		for (unsigned i = 0; known[i]; i++) {
			unsigned dist = edit_distance(name, known[i]);
			if (dist < best_d) {
				best_d = dist;
				best = known[i];
			}
		}
		if (best_d == 0)
			continue;
		char shown[41], msg[120]; /* snprintk has no precision */
		size_t n = 0;
		for (; n < sizeof(shown) - 1 && name[n]; n++)
			shown[n] = name[n];
		shown[n] = '\0';
		if (best && best_d <= 1 + strlen(best) / 3)
			snprintk(msg, sizeof(msg),
				 "unknown property \"%s\"; did you mean "
				 "\"%s\"?",
				 shown, best);
		else
			snprintk(msg, sizeof(msg),
				 "unknown property \"%s\" (docs/config.md "
				 "lists them)",
				 shown);
		return fail(ps, node, msg);
	}
	return 0;
}

static const char *const domain_props[] = {
	"domid",       "domain-name", "image",	  "args",
	"kernel",      "initrd",      "bootargs", "vcpus",
	"first-cpu",   "memory",      "policy",	  "privileged",
	"on-poweroff", "on-reboot",   "on-crash", NULL,
};

/* on-poweroff, on-reboot, on-crash: "destroy" (default), "restart",
 * "end-machine" */
static int get_action(struct parse *ps, int node, const char *prop,
		      uint8_t *out)
{
	char v[16] = "destroy";
	if (get_string(ps, node, prop, v, sizeof(v), 0))
		return -1;
	static const char *const names[] = { "destroy", "restart",
					     "end-machine" };
	for (unsigned i = 0; i < 3; i++)
		if (strcmp(v, names[i]) == 0) {
			*out = (uint8_t)i;
			return 0;
		}
	char msg[96];
	snprintk(msg, sizeof(msg),
		 "%s must be \"destroy\", \"restart\" or \"end-machine\"",
		 prop);
	return fail(ps, node, msg);
}
static const char *const channel_props[] = { "local-port", "remote-domid",
					     "remote-port", NULL };
static const char *const irq_props[] = { "irq", "pirq", "per-cpu", NULL };

static int parse_channel(struct parse *ps, int node, struct domain_config *dc)
{
	if (dc->nr_channels == CONFIG_MAX_CHANNELS)
		return fail(ps, node, "too many channels");
	uint64_t lp, rd, rp;
	if (check_known(ps, node, channel_props) ||
	    get_uint(ps, node, "local-port", &lp, true, false) ||
	    get_uint(ps, node, "remote-domid", &rd, true, false) ||
	    get_uint(ps, node, "remote-port", &rp, true, false))
		return -1;
	if (lp == 0 || lp >= EVTCHN_2L_NR_PORTS)
		return out_of_range(ps, node, "local-port", lp, 1,
				    EVTCHN_2L_NR_PORTS - 1);
	if (rp == 0 || rp >= EVTCHN_2L_NR_PORTS)
		return out_of_range(ps, node, "remote-port", rp, 1,
				    EVTCHN_2L_NR_PORTS - 1);
	if (rd >= MAX_DOMAINS)
		return out_of_range(ps, node, "remote-domid", rd, 0,
				    MAX_DOMAINS - 1);
	if (rd == dc->domid && rp == lp)
		return fail(ps, node,
			    "remote-port: a port cannot be its own "
			    "peer");
	for (unsigned i = 0; i < dc->nr_channels; i++)
		if (dc->channels[i].local_port == lp)
			return fail(ps, node, "local-port used twice");
	dc->channels[dc->nr_channels++] =
		(struct channel_config){ (uint32_t)lp, (uint32_t)rd,
					 (uint32_t)rp };
	return 0;
}

static int parse_irq(struct parse *ps, int node, struct domain_config *dc)
{
	if (dc->nr_irqs == CONFIG_MAX_IRQS)
		return fail(ps, node, "too many irqs");
	uint64_t irq, pirq = 0;
	if (check_known(ps, node, irq_props) ||
	    get_uint(ps, node, "irq", &irq, true, false))
		return -1;
	bool per_cpu = fdt_getprop(ps->fdt, node, "per-cpu", NULL) != NULL;
	if (!per_cpu && get_uint(ps, node, "pirq", &pirq, true, false))
		return -1;
	uint64_t irq_limit = per_cpu ? PERCPU_IRQ_LIMIT : MAX_GUEST_IRQS;
	if (irq >= irq_limit)
		return out_of_range(ps, node, "irq", irq, 0, irq_limit - 1);
	if (pirq >= MAX_GUEST_IRQS)
		return out_of_range(ps, node, "pirq", pirq, 0,
				    MAX_GUEST_IRQS - 1);
	/* One route per number: a per-CPU and a device route of the same
	 * IRQ would silently replace each other at setup. */
	for (unsigned i = 0; i < dc->nr_irqs; i++)
		if (dc->irqs[i].irq == irq) {
			char msg[64];
			snprintk(msg, sizeof(msg),
				 "irq: %u used twice in this domain",
				 (unsigned)irq);
			return fail(ps, node, msg);
		}
	dc->irqs[dc->nr_irqs++] =
		(struct irq_config){ (uint32_t)irq, (uint32_t)pirq, per_cpu };
	return 0;
}

struct staged_blob config_staging_window;

/* kernel/initrd = <addr size>: one cell each, non-empty, inside the staging
 * window (so inside RAM, outside the hypervisor and the domain pool). */
static int get_blob(struct parse *ps, int node, const char *prop,
		    struct staged_blob *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(ps->fdt, node, prop, &len);
	char msg[160];
	if (!p)
		return 0;
	if (len != 8) {
		snprintk(msg, sizeof(msg),
			 "property \"%s\" has %d bytes, want <address size>",
			 prop, len);
		return fail(ps, node, msg);
	}
	uint64_t a = fdt32_to_cpu(p[0]), n = fdt32_to_cpu(p[1]);
	const struct staged_blob *w = &config_staging_window;
	if (n == 0) {
		snprintk(msg, sizeof(msg), "property \"%s\": size is 0", prop);
		return fail(ps, node, msg);
	}
	if (a < w->addr || a - w->addr > w->size ||
	    n > w->size - (a - w->addr)) {
		snprintk(msg, sizeof(msg),
			 "property \"%s\": 0x%llx+0x%llx is outside the "
			 "staging RAM 0x%llx+0x%llx",
			 prop, (unsigned long long)a, (unsigned long long)n,
			 (unsigned long long)w->addr,
			 (unsigned long long)w->size);
		return fail(ps, node, msg);
	}
	*out = (struct staged_blob){ a, n };
	return 0;
}

static bool blobs_overlap(struct staged_blob a, struct staged_blob b)
{
	return a.size && b.size && a.addr < b.addr + b.size &&
	       b.addr < a.addr + a.size;
}

/* A kernel, an initrd and the loaded config share the staging window; one
 * written over another is a staging mistake that would otherwise surface
 * as a bad-Image message or a guest panic. The loaded config lies at the
 * window's start (its size is its FDT header's). */
static int check_blob_overlaps(struct parse *ps, int node,
			       const struct domain_config *dc)
{
	const struct staged_blob *w = &config_staging_window;
	struct staged_blob cfg = { w->addr, fdt_totalsize(ps->fdt) };
	const struct {
		const char *name;
		struct staged_blob b;
	} v[] = { { "kernel", dc->kernel }, { "initrd", dc->initrd } };
	char msg[200];
	for (unsigned i = 0; i < 2; i++) {
		const struct staged_blob *o = NULL;
		const char *oname = NULL;
		if (w->size && blobs_overlap(v[i].b, cfg)) {
			o = &cfg;
			oname = "the loaded config";
		} else if (i == 1 && blobs_overlap(v[1].b, v[0].b)) {
			o = &v[0].b;
			oname = "\"kernel\"";
		}
		if (!o)
			continue;
		snprintk(msg, sizeof(msg),
			 "property \"%s\": 0x%llx+0x%llx overlaps %s at "
			 "0x%llx+0x%llx",
			 v[i].name, (unsigned long long)v[i].b.addr,
			 (unsigned long long)v[i].b.size, oname,
			 (unsigned long long)o->addr,
			 (unsigned long long)o->size);
		return fail(ps, node, msg);
	}
	return 0;
}

static int parse_domain(struct parse *ps, int node, struct domain_config *dc)
{
	uint64_t v;
	char msg[80];
	memset(dc, 0, sizeof(*dc));
	const char *nn = fdt_get_name(ps->fdt, node, NULL);
	snprintk(dc->node, sizeof(dc->node), "%s", nn ? nn : "?");
	if (check_known(ps, node, domain_props) ||
	    get_uint(ps, node, "domid", &v, true, false))
		return -1;
	if (v >= MAX_DOMAINS)
		return out_of_range(ps, node, "domid", v, 0, MAX_DOMAINS - 1);
	dc->domid = (uint32_t)v;
	if (get_string(ps, node, "domain-name", dc->name, sizeof(dc->name),
		       STR_REQUIRED | STR_NONEMPTY) ||
	    get_string(ps, node, "image", dc->image, sizeof(dc->image),
		       STR_NONEMPTY) ||
	    get_string(ps, node, "args", dc->args, sizeof(dc->args), 0) ||
	    get_blob(ps, node, "kernel", &dc->kernel) ||
	    get_blob(ps, node, "initrd", &dc->initrd) ||
	    get_string(ps, node, "bootargs", dc->bootargs, sizeof(dc->bootargs),
		       0))
		return -1;
	if (!dc->image[0] == !dc->kernel.size)
		return fail(ps, node,
			    dc->image[0]
				    ? "properties \"image\" and \"kernel\" "
				      "exclude each other"
				    : "missing property \"image\" (or "
				      "\"kernel\")");
	if (check_blob_overlaps(ps, node, dc))
		return -1;
	if (!dc->kernel.size && (dc->initrd.size || dc->bootargs[0]))
		return fail(ps, node,
			    "properties \"initrd\" and \"bootargs\" need "
			    "\"kernel\"");
	v = 1;
	if (get_uint(ps, node, "vcpus", &v, false, false))
		return -1;
	if (v == 0 || v > MAX_VCPUS_PER_DOMAIN)
		return out_of_range(ps, node, "vcpus", v, 1,
				    MAX_VCPUS_PER_DOMAIN);
	dc->nr_vcpus = (uint32_t)v;
	v = 0;
	if (get_uint(ps, node, "first-cpu", &v, false, false))
		return -1;
	if (v >= MAX_PCPUS)
		return out_of_range(ps, node, "first-cpu", v, 0, MAX_PCPUS - 1);
	dc->first_cpu = (uint32_t)v;
	if (get_uint(ps, node, "memory", &dc->mem_size, true, true))
		return -1;
	/* Whole 2 MiB blocks, the unit every backend maps: no backend
	 * rounds a size up behind the configuration's back. */
	if (dc->mem_size == 0 || dc->mem_size % DOMAIN_BLOCK) {
		snprintk(msg, sizeof(msg),
			 "memory: 0x%llx bytes: want a non-zero multiple of "
			 "2 MiB",
			 (unsigned long long)dc->mem_size);
		return fail(ps, node, msg);
	}
	if (dc->mem_size > MAX_DOMAIN_MEMORY) {
		snprintk(msg, sizeof(msg),
			 "memory: 0x%llx bytes: more than 1 GiB",
			 (unsigned long long)dc->mem_size);
		return fail(ps, node, msg);
	}
	char policy[16] = "eager";
	if (get_string(ps, node, "policy", policy, sizeof(policy), 0))
		return -1;
	if (strcmp(policy, "eager") == 0)
		dc->policy = LARCH_POLICY_EAGER;
	else if (strcmp(policy, "deferred") == 0)
		dc->policy = LARCH_POLICY_DEFERRED;
	else
		return fail(ps, node,
			    "policy must be \"eager\" or \"deferred\"");
	dc->privileged = fdt_getprop(ps->fdt, node, "privileged", NULL) != NULL;
	if (get_action(ps, node, "on-poweroff", &dc->on_poweroff) ||
	    get_action(ps, node, "on-reboot", &dc->on_reboot) ||
	    get_action(ps, node, "on-crash", &dc->on_crash))
		return -1;

	int child;
	fdt_for_each_subnode(child, ps->fdt, node)
	{
		const char *cn = fdt_get_name(ps->fdt, child, NULL);
		int rc;
		if (strncmp(cn, "channel", 7) == 0)
			rc = parse_channel(ps, child, dc);
		else if (strncmp(cn, "irq", 3) == 0)
			rc = parse_irq(ps, child, dc);
		else
			rc = fail(ps, child,
				  "unknown node (want channel@N or irq@N)");
		if (rc)
			return rc;
	}
	return 0;
}

static const struct domain_config *find_dom(const struct larch_config *cfg,
					    uint32_t domid)
{
	for (unsigned i = 0; i < cfg->nr_domains; i++)
		if (cfg->dom[i].domid == domid)
			return &cfg->dom[i];
	return NULL;
}

/* An IRQ number in two domains: fine only if both route it per-CPU (each
 * vCPU gets it while current); a device IRQ has one owner. */
static int irq_conflict(struct parse *ps, const struct domain_config *a,
			const struct domain_config *b)
{
	for (unsigned k = 0; k < a->nr_irqs; k++)
		for (unsigned m = 0; m < b->nr_irqs; m++)
			if (a->irqs[k].irq == b->irqs[m].irq &&
			    !(a->irqs[k].per_cpu && b->irqs[m].per_cpu)) {
				snprintk(ps->err, ps->errlen,
					 "%s: irq: %u already routed to %s",
					 b->node, (unsigned)b->irqs[m].irq,
					 a->node);
				return -1;
			}
	return 0;
}

/* Whole-config checks: ids unique, channels declared on both ends. */
static int check_consistency(struct parse *ps, const struct larch_config *cfg)
{
	for (unsigned i = 0; i < cfg->nr_domains; i++) {
		const struct domain_config *a = &cfg->dom[i];
		for (unsigned j = i + 1; j < cfg->nr_domains; j++) {
			if (cfg->dom[j].domid == a->domid) {
				snprintk(ps->err, ps->errlen,
					 "%s: domid: %u used twice (also %s)",
					 cfg->dom[j].node, (unsigned)a->domid,
					 a->node);
				return -1;
			}
			if (irq_conflict(ps, a, &cfg->dom[j]))
				return -1;
		}
		for (unsigned k = 0; k < a->nr_channels; k++) {
			const struct channel_config *c = &a->channels[k];
			const struct domain_config *b =
				find_dom(cfg, c->remote_domid);
			bool matched = false;
			for (unsigned m = 0; b && m < b->nr_channels; m++)
				matched |= b->channels[m].local_port ==
						   c->remote_port &&
					   b->channels[m].remote_domid ==
						   a->domid &&
					   b->channels[m].remote_port ==
						   c->local_port;
			if (!matched) {
				snprintk(ps->err, ps->errlen,
					 "%s: channel %u: domain %u has "
					 "no channel %u back to it",
					 a->node, (unsigned)c->local_port,
					 (unsigned)c->remote_domid,
					 (unsigned)c->remote_port);
				return -1;
			}
		}
	}
	return 0;
}

/* libfdt (1.6.1) adds a property's length to the offset unchecked: a
 * negative one sends fdt_next_tag back to the same tag forever. Walk the
 * structure block once, every tag strictly after the last, before anything
 * else iterates over it. */
static bool tags_advance(const void *fdt)
{
	int offset = 0, next;
	while (fdt_next_tag(fdt, offset, &next) != FDT_END) {
		if (next <= offset)
			return false;
		offset = next;
	}
	return true;
}

int config_parse(const void *fdt, size_t fdt_size, struct larch_config *cfg,
		 char *err, size_t errlen)
{
	struct parse ps = { fdt, err, errlen };
	memset(cfg, 0, sizeof(*cfg));
	if (fdt_size < sizeof(struct fdt_header) ||
	    fdt_check_header(fdt) != 0 || fdt_totalsize(fdt) > fdt_size) {
		snprintk(err, errlen, "not a valid device tree blob");
		return -1;
	}
	if (!tags_advance(fdt)) {
		snprintk(err, errlen,
			 "malformed tree: a property runs backwards");
		return -1;
	}
	int domains = fdt_path_offset(fdt, "/domains");
	if (domains < 0) {
		snprintk(err, errlen, "no /domains node");
		return -1;
	}
	int node;
	fdt_for_each_subnode(node, fdt, domains)
	{
		if (cfg->nr_domains == MAX_DOMAINS)
			return fail(&ps, node, "too many domains");
		if (parse_domain(&ps, node, &cfg->dom[cfg->nr_domains]))
			return -1;
		cfg->nr_domains++;
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND) {
		snprintk(err, errlen, "malformed tree: %s", fdt_strerror(node));
		return -1;
	}
	if (cfg->nr_domains == 0) {
		snprintk(err, errlen, "/domains has no domain");
		return -1;
	}
	return check_consistency(&ps, cfg);
}
