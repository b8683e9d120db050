"""The seller's shop settings in the dashboard: how buyers pay them (QRIS, bank transfer,
cash) and how goods reach buyers (pickup at the shop or the village hall, local courier at
the district's rates or the seller's own). Always the signed-in seller's own shop: the URLs
carry no ids."""
