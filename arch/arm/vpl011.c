/* The emulated PL011 of kernel domains, at GUEST_UART (trapped, like the
 * vGIC). Output goes to larch's console in whole lines; input comes from
 * the real PL011's RX interrupt into the RX FIFO of the first kernel
 * domain, with its SPI raised. The identification registers are there
 * because Linux's AMBA bus reads them to pick the driver. */
#include <larch/console.h>
#include <larch/irq.h>
#include <larch/sched.h>
#include "arm.h"

#define UART_DR	   0x000
#define UART_FR	   0x018
#define UART_IBRD  0x024
#define UART_FBRD  0x028
#define UART_LCR_H 0x02c
#define UART_CR	   0x030
#define UART_IFLS  0x034
#define UART_IMSC  0x038
#define UART_RIS   0x03c
#define UART_MIS   0x040
#define UART_ICR   0x044
#define UART_DMACR 0x048
#define FR_RXFE	   (1u << 4)
#define FR_TXFE	   (1u << 7)
#define INT_RX	   (1u << 4)
#define INT_TX	   (1u << 5)
#define INT_RT	   (1u << 6)

/* PL011 peripheral ID 0x00141011 and PrimeCell ID 0xb105f00d, a byte per
 * register from 0xfe0. */
static const uint8_t uart_ids[8] = { 0x11, 0x10, 0x14, 0x00,
				     0x0d, 0xf0, 0x05, 0xb1 };

static struct domain *input_domain;

/* Raw status: TX always ready (output is taken at once); RX and receive
 * timeout while the FIFO holds anything. */
static uint32_t ris(const struct vpl011 *u)
{
	return INT_TX | (u->rx_head != u->rx_tail ? INT_RX | INT_RT : 0);
}

/* The SPI follows the level of the masked status. */
static void update_line(struct domain *d)
{
	struct vpl011 *u = &d->arch.uart;
	if (ris(u) & u->imsc)
		vgic_raise(&d->vcpus[0], 32 + GUEST_UART_SPI);
	else
		vgic_lower_spi(d, 32 + GUEST_UART_SPI);
}

/* A register that only holds what was written (its implemented bits). */
static uint32_t plain(uint32_t *reg, bool wr, uint32_t w, uint32_t bits)
{
	if (wr)
		*reg = w & bits;
	return *reg;
}

/* Input from the real PL011 into the input domain's FIFO, as much as it
 * holds; caller holds u->lock. What does not fit stays in the real UART
 * with its receive interrupt masked (QEMU's side of the line then stops
 * reading, so a paste loses nothing) until the guest reads. Returns true
 * if the real UART is empty. */
static bool uart_rx_pull(struct vpl011 *u)
{
	volatile uint32_t *uart = (volatile uint32_t *)plat.uart;
	while (!(uart[UART_FR / 4] & FR_RXFE)) {
		if (u->rx_head - u->rx_tail == sizeof(u->rx)) {
			uart[UART_IMSC / 4] &= ~(INT_RX | INT_RT);
			u->rx_stalled = true;
			return false;
		}
		u->rx[u->rx_head++ % sizeof(u->rx)] =
			(uint8_t)uart[UART_DR / 4];
	}
	return true;
}

/* The guest read a byte: pull what waits in the real UART; once it is
 * empty its interrupt may come again (a byte that arrived after the last
 * pull raised its raw status, which the unmask turns into an interrupt). */
static void uart_rx_resume(struct vpl011 *u)
{
	if (u->rx_stalled && uart_rx_pull(u)) {
		u->rx_stalled = false;
		((volatile uint32_t *)plat.uart)[UART_IMSC / 4] |=
			INT_RX | INT_RT;
	}
}

bool vpl011_mmio(struct vcpu *v, uint64_t off, unsigned size, bool wr,
		 uint64_t *val)
{
	struct domain *d = v->domain;
	struct vpl011 *u = &d->arch.uart;
	if (size > 4 || (off & (size - 1)))
		return false;
	uint32_t w = (uint32_t)*val, r = 0;
	spin_lock(&u->lock);
	switch (off) {
	case UART_DR:
		if (wr) {
			char c = (char)w;
			console_guest_write(d, &c, 1);
		} else if (u->rx_head != u->rx_tail) {
			r = u->rx[u->rx_tail++ % sizeof(u->rx)];
			if (d == input_domain)
				uart_rx_resume(u);
		}
		break;
	case UART_FR:
		r = FR_TXFE | (u->rx_head == u->rx_tail ? FR_RXFE : 0);
		break;
	case UART_IBRD:
		r = plain(&u->ibrd, wr, w, 0xffff);
		break;
	case UART_FBRD:
		r = plain(&u->fbrd, wr, w, 0x3f);
		break;
	case UART_LCR_H:
		r = plain(&u->lcr_h, wr, w, 0xff);
		break;
	case UART_CR:
		r = plain(&u->cr, wr, w, 0xffff);
		break;
	case UART_IFLS:
		r = plain(&u->ifls, wr, w, 0x3f);
		break;
	case UART_IMSC:
		r = plain(&u->imsc, wr, w, 0x7ff);
		break;
	case UART_RIS:
		r = ris(u);
		break;
	case UART_MIS:
		r = ris(u) & u->imsc;
		break;
	case UART_DMACR:
		r = plain(&u->dmacr, wr, w, 7);
		break;
	default: /* ICR (status is computed), RSR, ILPR, IDs: RAZ/WI */
		if (off >= 0xfe0 && off < 0x1000)
			r = uart_ids[(off - 0xfe0) / 4];
		break;
	}
	spin_unlock(&u->lock);
	if (wr || off == UART_DR)
		update_line(d);
	if (!wr)
		*val = r;
	return true;
}

static void uart_rx_irq(unsigned irq)
{
	volatile uint32_t *uart = (volatile uint32_t *)plat.uart;
	struct vpl011 *u = &input_domain->arch.uart;
	spin_lock(&u->lock);
	/* cleared before the bytes are taken: QEMU's PL011 raises RX when
	 * its FIFO goes from empty to one byte, so a byte that arrives after
	 * the last one taken raises it anew (cleared after, it would be left
	 * in the UART with no interrupt to come for it) */
	uart[UART_ICR / 4] = INT_RX | INT_RT;
	uart_rx_pull(u);
	spin_unlock(&u->lock);
	gic_eoi(irq);
	update_line(input_domain);
}

/* The first kernel domain gets the keyboard. */
void vpl011_input_init(struct domain *d)
{
	if (input_domain || !plat.uart_irq ||
	    irq_set_handler(plat.uart_irq, uart_rx_irq))
		return;
	input_domain = d;
	volatile uint32_t *uart = (volatile uint32_t *)plat.uart;
	uart[UART_IMSC / 4] |= INT_RX | INT_RT;
	gic_enable_spi(plat.uart_irq);
}
