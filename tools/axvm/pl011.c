// SPDX-License-Identifier: GPL-2.0
/*
 * axvm: a PL011 UART for arm64 guests, the console Linux finds there (the
 * arm64 kernel has no 8250 driver).  Its FIFOs are infinitely fast: a
 * character written goes straight to the console, so the transmit FIFO is
 * always empty and its interrupt always asserted while unmasked.  Linux's
 * driver writes while the FIFO is not full and so hardly ever needs that
 * interrupt; its line, SPI AXVM_PL011_SPI of the emulated GIC, is still
 * driven, because the driver will not open a port without an interrupt
 * (under KVM it is KVM's vGICv3 that gets it: axvm_arm64_set_spi).
 * Input comes from the console, whose input thread raises the receive
 * interrupt (axvm_pl011_input).
 */
#include "axvm.h"

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTCR		0x030
#define UARTIFLS	0x034
#define UARTIMSC	0x038
#define UARTRIS		0x03c
#define UARTMIS		0x040
#define UARTICR		0x044
#define UARTPERIPHID0	0xfe0

#define FR_RXFE		(1U << 4)
#define FR_TXFE		(1U << 7)
#define INT_RX		(1U << 4)
#define INT_TX		(1U << 5)
#define INT_RT		(1U << 6)

/* PeriphID 0x00341011 (PL011 r1p5), then the PrimeCell id 0xb105f00d. */
static const uint8_t pl011_id[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

void axvm_pl011_init(struct axvm_pl011 *u)
{
	pthread_mutex_init(&u->lock, NULL);
	u->cr = 0x300;		/* TXE, RXE: the reset value */
	u->ifls = 0x12;
}

static uint32_t ris(void)
{
	return INT_TX | (axvm_console_has_input() ? INT_RX | INT_RT : 0);
}

/* Lock held. */
static void update_irq(struct axvm *m)
{
	struct axvm_pl011 *u = &m->pl011;
	bool level = ris() & u->imsc;

	if (level != u->irq_level) {
		u->irq_level = level;
		axvm_arm64_set_spi(m, AXVM_PL011_SPI, level);
	}
}

void axvm_pl011_access(struct axvm *m, uint64_t off, struct axvm_exit *e)
{
	struct axvm_pl011 *u = &m->pl011;
	uint32_t *reg = NULL;
	unsigned char ch;
	int c;

	pthread_mutex_lock(&u->lock);
	if (!e->mmio.write)
		e->mmio.data = 0;
	switch (off) {
	case UARTDR:
		if (e->mmio.write) {
			ch = (unsigned char)e->mmio.data;
			axvm_console_write(&ch, 1);
		} else {
			c = axvm_console_getc();
			e->mmio.data = c < 0 ? 0 : (unsigned int)c;
		}
		break;
	case UARTFR:
		if (!e->mmio.write)
			e->mmio.data = FR_TXFE |
				       (axvm_console_has_input() ? 0 : FR_RXFE);
		break;
	case UARTIBRD:
		reg = &u->ibrd;
		break;
	case UARTFBRD:
		reg = &u->fbrd;
		break;
	case UARTLCR_H:
		reg = &u->lcr_h;
		break;
	case UARTCR:
		reg = &u->cr;
		break;
	case UARTIFLS:
		reg = &u->ifls;
		break;
	case UARTIMSC:
		reg = &u->imsc;
		break;
	case UARTRIS:
		if (!e->mmio.write)
			e->mmio.data = ris();
		break;
	case UARTMIS:
		if (!e->mmio.write)
			e->mmio.data = ris() & u->imsc;
		break;
	default:
		/* UARTICR: nothing latches; the rest reads as 0. */
		if (!e->mmio.write && off >= UARTPERIPHID0 && off < 0x1000 &&
		    !(off & 3))
			e->mmio.data = pl011_id[(off - UARTPERIPHID0) / 4];
		break;
	}
	if (reg) {
		if (e->mmio.write)
			*reg = e->mmio.data & 0xffff;
		else
			e->mmio.data = *reg;
	}
	update_irq(m);
	pthread_mutex_unlock(&u->lock);
}

void axvm_pl011_input(struct axvm *m)
{
	struct axvm_pl011 *u = &m->pl011;

	pthread_mutex_lock(&u->lock);
	update_irq(m);
	pthread_mutex_unlock(&u->lock);
}
