/* The hvterm terminals (PAPR's virtual terminals, compatible "hvterm1"):
 * the partition writes up to 16 bytes per H_PUT_TERM_CHAR, packed
 * big-endian in two registers, and reads with H_GET_TERM_CHAR.
 * Terminal 0 (unit address PAPR_VTERM_REG, Linux's hvc0) is the console:
 * its output goes to larch's console with the domain's prefix. Terminals
 * 1.. are links to other domains, one per event channel the config binds
 * for the partition (papr.h): an event channel carries no data, so each
 * byte written is one event sent, and each event received reads as one
 * byte, LINK_BYTE; its arrival raises the terminal's XICS source. */
#include <larch/atomic.h>
#include <larch/config.h>
#include <larch/console.h>
#include <larch/evtchn.h>
#include "../ppc.h"
#include "papr.h"

#define LINK_BYTE '.'

unsigned papr_nr_links(const struct domain *d)
{
	unsigned n = d->config ? d->config->nr_channels : 0;
	return n < PAPR_MAX_LINKS ? n : PAPR_MAX_LINKS;
}

evtchn_port_t papr_link_port(const struct domain *d, unsigned k)
{
	return (evtchn_port_t)d->config->channels[k - 1].local_port;
}

/* The terminal a unit address names: 0 the console, k a link, -1 none. */
static int terminal(const struct domain *d, uint64_t termno)
{
	if (termno < PAPR_VTERM_REG ||
	    termno - PAPR_VTERM_REG > papr_nr_links(d))
		return -1;
	return (int)(termno - PAPR_VTERM_REG);
}

static void unpack(uint64_t w, char *out)
{
	for (int i = 0; i < 8; i++)
		out[i] = (char)(w >> (56 - 8 * i));
}

/* r4 = unit address, r5 = length (0-16), r6/r7 = the bytes */
long papr_put_term_char(struct vcpu *v)
{
	const struct cpu_user_regs *r = &v->arch.regs;
	int t = terminal(v->domain, r->gpr[4]);
	char buf[16];
	if (t < 0 || r->gpr[5] > sizeof(buf))
		return H_PARAMETER;
	if (t == 0) {
		unpack(r->gpr[6], buf);
		unpack(r->gpr[7], buf + 8);
		console_guest_write(v->domain, buf, (size_t)r->gpr[5]);
		return H_SUCCESS;
	}
	for (uint64_t i = 0; i < r->gpr[5]; i++)
		if (evtchn_send(v, papr_link_port(v->domain, (unsigned)t)))
			return H_PARAMETER;
	return H_SUCCESS;
}

/* The console's input goes to the first running PAPR partition (by slot),
 * as the Xen console ring's does to the first domain with a ring. */
static bool console_input_owner(const struct domain *d)
{
	for (unsigned i = 0; i < MAX_DOMAINS; i++)
		if (domains[i].state == DOM_RUNNING && domains[i].arch.papr)
			return &domains[i] == d;
	return false;
}

/* The console's XICS source is asserted while the UART holds input for
 * this partition. */
bool papr_console_input_waiting(const struct domain *d)
{
	return console_input_owner(d) && ppc_console_input_waiting();
}

/* Up to 16 bytes of console input, taken from the UART only now. */
static uint64_t console_input(char *buf)
{
	uint64_t n = 0;
	for (int c; n < 16 && (c = ppc_console_getc()) >= 0;)
		buf[n++] = (char)c;
	return n;
}

static uint64_t pack(const char *in)
{
	uint64_t w = 0;
	for (int i = 0; i < 8; i++)
		w = w << 8 | (uint8_t)in[i];
	return w;
}

/* r4 = unit address; returns r4 = bytes, r5/r6 = the bytes: the console's
 * input, or on a link one byte per event that arrived. */
long papr_get_term_char(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	struct domain *d = v->domain;
	int t = terminal(d, r->gpr[4]);
	if (t < 0)
		return H_PARAMETER;
	r->gpr[4] = r->gpr[5] = r->gpr[6] = 0;
	if (t == 0 && console_input_owner(d)) {
		char buf[16] = { 0 };
		r->gpr[4] = console_input(buf);
		r->gpr[5] = pack(buf);
		r->gpr[6] = pack(buf + 8);
	} else if (t > 0 && test_and_clear_bit(papr_link_port(d, (unsigned)t),
					       d->evtchn_pending)) {
		r->gpr[4] = 1;
		r->gpr[5] = (uint64_t)LINK_BYTE << 56;
	}
	return H_SUCCESS;
}
