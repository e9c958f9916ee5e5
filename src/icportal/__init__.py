"""icportal: Import Certificates under the Duty Free Import Scheme."""
