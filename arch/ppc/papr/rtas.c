/* RTAS for PAPR partitions. The device tree's /rtas names a 16-byte stub in
 * the partition (reserved memory) whose only work is one hcall: Linux calls
 * it in real mode, big-endian and 32-bit, with r3 = the argument block
 * (big-endian words: token, nargs, nret, args..., rets...), and the stub
 * moves that to r4 and makes H_RTAS. Every call is served here. */
#include <larch/console.h>
#include <larch/sched.h>
#include <larch/hypercall.h>
#include <public/sched.h>
#include "../ppc.h"
#include "papr.h"

/* Written big-endian by partition.c: RTAS runs with MSR[LE]=0. */
const uint32_t papr_rtas_stub[PAPR_RTAS_STUB_WORDS] = {
	0x7c641b78,	     /* mr r4,r3 */
	0x38600000 | 0,	     /* li r3,0 */
	0x60630000 | H_RTAS, /* ori r3,r3,0xf000 */
	0x44000022,	     /* sc 1 */
	0x4e800020,	     /* blr */
};

const char *const papr_rtas_names[RTAS_NR_TOKENS] = {
	[RTAS_DISPLAY_CHARACTER] = "display-character",
	[RTAS_GET_TIME_OF_DAY] = "get-time-of-day",
	[RTAS_SET_TIME_OF_DAY] = "set-time-of-day",
	[RTAS_POWER_OFF] = "power-off",
	[RTAS_SYSTEM_REBOOT] = "system-reboot",
	[RTAS_START_CPU] = "start-cpu",
	[RTAS_QUERY_CPU_STOPPED_STATE] = "query-cpu-stopped-state",
	[RTAS_STOP_SELF] = "stop-self",
	[RTAS_INT_ON] = "ibm,int-on",
	[RTAS_INT_OFF] = "ibm,int-off",
	[RTAS_SET_XIVE] = "ibm,set-xive",
	[RTAS_GET_XIVE] = "ibm,get-xive",
	[RTAS_OS_TERM] = "ibm,os-term",
	[RTAS_EVENT_SCAN] = "event-scan",
};

/* RTAS status words */
#define RTAS_OK		 0
#define RTAS_HW_ERROR	 (-1)
#define RTAS_PARAM_ERROR (-3)
#define RTAS_NO_ERRORS	 1 /* event-scan: nothing to report */
#define RTAS_MAX_ARGS	 16

struct rtas_call {
	uint32_t token, nargs, nret;
	uint32_t args[RTAS_MAX_ARGS];
	uint32_t rets[RTAS_MAX_ARGS];
};

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_date(int64_t days, uint32_t *y, uint32_t *m, uint32_t *d)
{
	days += 719468; /* shift the epoch to 0000-03-01 */
	int64_t era = days / 146097;
	uint32_t doe = (uint32_t)(days - era * 146097);
	uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint32_t mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (uint32_t)(yoe + era * 400) + (*m <= 2);
}

/* A civil date to days since 1970-01-01 (the inverse of civil_date). */
static int64_t days_from_civil(int64_t y, uint32_t m, uint32_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	uint32_t yoe = (uint32_t)(y - era * 400);
	uint32_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The partition's clock: larch has no real-time clock source on powernv's
 * -bios route, so a partition's time of day starts at 2000-01-01 00:00:00
 * UTC when larch starts and runs with the timebase; set-time-of-day moves
 * that partition's clock (its offset, in seconds) and no other's
 * (docs/arch-ppc.md). */
#define RTAS_EPOCH_SECS (10957LL * 86400) /* 2000-01-01, in Unix time */

static void time_of_day(struct domain *d, struct rtas_call *c)
{
	s_time_t now = arch_now();
	int64_t secs =
		RTAS_EPOCH_SECS + now / 1000000000LL + d->arch.papr->tod_offset;
	uint32_t y, mo, day;
	civil_date(secs / 86400, &y, &mo, &day);
	uint32_t in_day = (uint32_t)(secs % 86400);
	c->rets[1] = y;
	c->rets[2] = mo;
	c->rets[3] = day;
	c->rets[4] = in_day / 3600;
	c->rets[5] = in_day / 60 % 60;
	c->rets[6] = in_day % 60;
	c->rets[7] = (uint32_t)(now % 1000000000LL);
}

/* args: year, month, day, hour, minute, second, ns */
static int32_t set_time_of_day(struct domain *d, const struct rtas_call *c)
{
	const uint32_t *a = c->args;
	if (c->nargs < 6 || a[0] < 1970 || a[0] > 9999 || a[1] < 1 ||
	    a[1] > 12 || a[2] < 1 || a[2] > 31 || a[3] > 23 || a[4] > 59 ||
	    a[5] > 59)
		return RTAS_PARAM_ERROR;
	int64_t want = days_from_civil(a[0], a[1], a[2]) * 86400 + a[3] * 3600 +
		       a[4] * 60 + a[5];
	d->arch.papr->tod_offset =
		want - (RTAS_EPOCH_SECS + arch_now() / 1000000000LL);
	return RTAS_OK;
}

/* The operator panel display-character writes to: a line of its own on
 * larch's console, apart from the partition's terminal output. */
static void panel_put(struct domain *d, char ch)
{
	struct ppc_papr_domain *a = d->arch.papr;
	bool end = ch == '\n' || ch == '\r';
	if (!end && (unsigned char)ch >= 0x20 && ch != 0x7f &&
	    a->panel_len < sizeof(a->panel) - 1)
		a->panel[a->panel_len++] = ch;
	if ((end || a->panel_len == sizeof(a->panel) - 1) && a->panel_len) {
		a->panel[a->panel_len] = '\0';
		printk("larch: domain %u (%s): panel: %s\n", d->domid, d->name,
		       a->panel);
		a->panel_len = 0;
	}
}

/* ibm,os-term's message: a string in the partition's memory, printed up
 * to its end, the end of that memory, or 120 bytes. */
static void os_term_message(struct domain *d, uint64_t addr)
{
	char msg[121];
	unsigned n = 0;
	for (; n < sizeof(msg) - 1; n++) {
		const char *p = guest_mem_ptr(d, addr + n, 1);
		if (!p || !*p || *p == '\n')
			break;
		msg[n] = (unsigned char)*p < 0x20 ? '?' : *p;
	}
	msg[n] = 0;
	printk("larch: domain %u (%s): ibm,os-term: %s\n", d->domid, d->name,
	       msg);
}

static int32_t start_cpu(struct vcpu *v, const struct rtas_call *c)
{
	struct domain *d = v->domain;
	if (c->nargs < 3 || c->args[0] >= d->nr_vcpus)
		return RTAS_PARAM_ERROR;
	struct vcpu *t = &d->vcpus[c->args[0]];
	if (t->run_state != VCPU_DOWN)
		return RTAS_HW_ERROR;
	if (arch_vcpu_set_entry(t, c->args[1], 0, c->args[2]))
		return RTAS_PARAM_ERROR;
	t->initialised = true;
	sched_add_vcpu(t);
	return RTAS_OK;
}

static int32_t rtas_dispatch(struct vcpu *v, struct rtas_call *c)
{
	struct domain *d = v->domain;
	switch (c->token) {
	case RTAS_DISPLAY_CHARACTER:
		if (c->nargs < 1)
			return RTAS_PARAM_ERROR;
		panel_put(d, (char)c->args[0]);
		return RTAS_OK;
	case RTAS_GET_TIME_OF_DAY:
		if (c->nret < 8)
			return RTAS_PARAM_ERROR;
		time_of_day(d, c);
		return RTAS_OK;
	case RTAS_SET_TIME_OF_DAY:
		return set_time_of_day(d, c);
	case RTAS_POWER_OFF:
		papr_report(d);
		domain_shutdown(d, SHUTDOWN_poweroff);
		return RTAS_OK;
	case RTAS_SYSTEM_REBOOT:
		papr_report(d);
		domain_shutdown(d, SHUTDOWN_reboot);
		return RTAS_OK;
	case RTAS_OS_TERM:
		/* Linux's panic: the partition crashed, its message said */
		if (c->nargs >= 1)
			os_term_message(d, c->args[0]);
		domain_shutdown(d, SHUTDOWN_crash);
		return RTAS_OK;
	case RTAS_START_CPU:
		return start_cpu(v, c);
	case RTAS_QUERY_CPU_STOPPED_STATE:
		if (c->nargs < 1 || c->nret < 2 || c->args[0] >= d->nr_vcpus)
			return RTAS_PARAM_ERROR;
		/* 0: stopped, 2: running */
		c->rets[1] =
			d->vcpus[c->args[0]].run_state == VCPU_DOWN ? 0 : 2;
		return RTAS_OK;
	case RTAS_STOP_SELF:
		sched_remove_vcpu(v);
		return RTAS_OK;
	case RTAS_EVENT_SCAN:
		return RTAS_NO_ERRORS;
	case RTAS_SET_XIVE:
		if (c->nargs < 3)
			return RTAS_PARAM_ERROR;
		return papr_ics_set_xive(d, c->args[0], c->args[1], c->args[2])
			       ? RTAS_PARAM_ERROR
			       : RTAS_OK;
	case RTAS_GET_XIVE:
		if (c->nargs < 1 || c->nret < 3)
			return RTAS_PARAM_ERROR;
		return papr_ics_get_xive(d, c->args[0], &c->rets[1],
					 &c->rets[2])
			       ? RTAS_PARAM_ERROR
			       : RTAS_OK;
	case RTAS_INT_ON:
	case RTAS_INT_OFF:
		if (c->nargs < 1)
			return RTAS_PARAM_ERROR;
		return papr_ics_int_on(d, c->args[0], c->token == RTAS_INT_ON)
			       ? RTAS_PARAM_ERROR
			       : RTAS_OK;
	}
	return RTAS_PARAM_ERROR;
}

/* Argument blocks are read and written whole; a block outside the
 * partition's memory or with counts beyond RTAS_MAX_ARGS is refused with
 * H_PARAMETER and nothing is written. */
long papr_rtas(struct vcpu *v, uint64_t args)
{
	struct domain *d = v->domain;
	uint32_t raw[3 + RTAS_MAX_ARGS];
	struct rtas_call c = { 0 };
	if (copy_from_guest(d, raw, args, 12))
		return H_PARAMETER;
	c.token = __builtin_bswap32(raw[0]);
	c.nargs = __builtin_bswap32(raw[1]);
	c.nret = __builtin_bswap32(raw[2]);
	if (c.nargs > RTAS_MAX_ARGS || c.nret > RTAS_MAX_ARGS ||
	    c.nargs + c.nret > RTAS_MAX_ARGS || c.nret == 0)
		return H_PARAMETER;
	uint64_t rets = args + 12 + 4ULL * c.nargs;
	if (!guest_mem_ptr(d, rets, 4ULL * c.nret) ||
	    copy_from_guest(d, raw + 3, args + 12, 4ULL * c.nargs))
		return H_PARAMETER;
	for (uint32_t i = 0; i < c.nargs; i++)
		c.args[i] = __builtin_bswap32(raw[3 + i]);
	c.rets[0] = (uint32_t)rtas_dispatch(v, &c);
	for (uint32_t i = 0; i < c.nret; i++)
		raw[i] = __builtin_bswap32(c.rets[i]);
	copy_to_guest(d, rets, raw, 4ULL * c.nret);
	return H_SUCCESS;
}
