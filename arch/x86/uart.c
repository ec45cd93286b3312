/* The COM1 16550: larch's console output, polled, and console input by
 * interrupt, routed through the I/O APIC to pCPU 0. Input is taken off the
 * UART only while the input domain's ring has room; otherwise the receive
 * interrupt is switched off and the bytes wait in QEMU's side of the line
 * (its chardev stops reading once the UART's FIFO is full), so a paste
 * loses nothing. */
#include <larch/console.h>
#include <larch/irq.h>
#include "x86.h"

#define COM1	 0x3f8
#define UART_RBR 0 /* receive buffer (read) / transmit holding (write) */
#define UART_IER 1
#define UART_FCR 2
#define UART_MCR 4
#define UART_LSR 5
#define IER_RX	 0x01
#define LSR_DR	 0x01
#define LSR_THRE 0x20
#define COM1_IRQ 4 /* ISA IRQ 4: I/O APIC pin 4 on QEMU's pc */

#define IOAPIC_BASE   (DIRECTMAP_BASE + 0xfec00000UL) /* uncached part */
#define IOAPIC_REDTBL 0x10 /* pin n: registers 0x10 + 2n (low), +1 (high) */

static spinlock_t rx_lock = SPIN_LOCK_UNLOCKED;

void arch_console_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		;
	outb(COM1 + UART_RBR, (uint8_t)c);
}

static void ioapic_write(unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)IOAPIC_BASE = reg;
	*(volatile uint32_t *)(IOAPIC_BASE + 0x10) = v;
}

/* Edge-triggered, active high, fixed delivery to one APIC: an ISA line. */
static void ioapic_route_isa(unsigned irq, uint32_t apic_id)
{
	ioapic_write(IOAPIC_REDTBL + 2 * irq + 1, apic_id << 24);
	ioapic_write(IOAPIC_REDTBL + 2 * irq, VEC_ISA_BASE + irq);
}

/* Everything the UART holds that the ring can take; what it cannot stays
 * in the UART, its interrupt off until uart_rx_resume. The lock orders a
 * resume after a stop that raced with the guest reading. */
static void uart_rx_irq(unsigned irq)
{
	spin_lock(&rx_lock);
	bool took = false;
	while (inb(COM1 + UART_LSR) & LSR_DR) {
		if (!console_input_room()) {
			outb(COM1 + UART_IER, 0);
			break;
		}
		console_input_put((char)inb(COM1 + UART_RBR));
		took = true;
	}
	spin_unlock(&rx_lock);
	arch_irq_eoi(irq);
	if (took)
		console_input_push();
}

/* Room may be back: let the UART interrupt again (at once if bytes wait:
 * the line rises, an edge). */
static void uart_rx_resume(void)
{
	spin_lock(&rx_lock);
	outb(COM1 + UART_IER, IER_RX);
	spin_unlock(&rx_lock);
}

void x86_uart_input_init(uint32_t boot_apic_id)
{
	if (irq_set_handler(COM1_IRQ, uart_rx_irq))
		return;
	outb(COM1 + UART_FCR, 0x07); /* FIFO on, both cleared, 1-byte trigger */
	outb(COM1 + UART_MCR, 0x0b); /* DTR, RTS, OUT2 (the PC's IRQ gate) */
	ioapic_route_isa(COM1_IRQ, boot_apic_id);
	console_input_register(uart_rx_resume);
}
