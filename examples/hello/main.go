// Command hello is the small HTTP service goimage-operator builds in its demo and tests.
// It answers /healthz with "ok" and / with a greeting that carries a per-process instance id.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/google/uuid"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	instance := uuid.NewString()

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "hello from goimage-operator (instance %s)\n", instance)
	})

	log.Printf("hello listening on :%s", port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
