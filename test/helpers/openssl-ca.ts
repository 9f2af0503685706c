/**
 * The openssl `ca` configuration of the test PKIs (verify stage and verify CLI tests): a CA whose
 * database lives in DIR, leaf certificates for signing, CRLs. Replace DIR before writing it out.
 */
export const OPENSSL_CA_CNF = `
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = DIR
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/ca.crt
private_key = $dir/ca.key
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 365
default_crl_days = 30
policy = policy_any
unique_subject = no
x509_extensions = leaf_ext
[ policy_any ]
commonName = supplied
organizationName = optional
[ leaf_ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
[ ca_ext ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ req ]
distinguished_name = req_dn
[ req_dn ]
`;
