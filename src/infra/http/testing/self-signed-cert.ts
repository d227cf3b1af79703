/**
 * Self-signed certificate for feeds.example.test (EC P-256, valid to 2126), generated with
 * `openssl req -x509 -newkey ec ...` solely for tests; no client trusts it, which is the point.
 */
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBsDCCAVagAwIBAgIUFXa2Ikpe12lWqSmYGAnPR4tzp6EwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSZmVlZHMuZXhhbXBsZS50ZXN0MCAXDTI2MTEyODA5MzUwOVoY
DzIxMjYxMTA0MDkzNTA5WjAdMRswGQYDVQQDDBJmZWVkcy5leGFtcGxlLnRlc3Qw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARaG51dLgfZh+1hiPxE4QlC99WLnEbY
8pMMd0fnERzdT1lNyN0EtXVdbwrKc1HLN7dImAjf7swrM1eGCaRPoqG9o3IwcDAd
BgNVHQ4EFgQUjHOg6ov+RZu5erQzVWHLmblkorMwHwYDVR0jBBgwFoAUjHOg6ov+
RZu5erQzVWHLmblkorMwDwYDVR0TAQH/BAUwAwEB/zAdBgNVHREEFjAUghJmZWVk
cy5leGFtcGxlLnRlc3QwCgYIKoZIzj0EAwIDSAAwRQIhAMg2DyrHmvCB9pHWa45W
+QiLQ3XX4P7+gDpzC7xnzO9YAiAxo1Bvk5dNGMMAhQ6X7HXCGWTYLwDB6Xl/JH+S
s4f65g==
-----END CERTIFICATE-----
`;

export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgHSpJzFC0Hyv1vds2
OHBIvaqXDinD0Z/drCmm3HCZRbOhRANCAARaG51dLgfZh+1hiPxE4QlC99WLnEbY
8pMMd0fnERzdT1lNyN0EtXVdbwrKc1HLN7dImAjf7swrM1eGCaRPoqG9
-----END PRIVATE KEY-----
`;
