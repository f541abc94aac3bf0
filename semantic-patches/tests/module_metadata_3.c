// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Crypto aliases and a dual BSD licence; dynamic misc minor: no alias. */
static struct crypto_alg fred_alg = {
	.cra_name = "fred",
	.cra_driver_name = "fred-generic",
};

static int __init fred_init(void)
{
	return crypto_register_alg(&fred_alg);
}

static void __exit fred_exit(void)
{
	crypto_unregister_alg(&fred_alg);
}
module_init(fred_init);
module_exit(fred_exit);
