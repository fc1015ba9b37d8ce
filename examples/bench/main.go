// Command catalog is the larger example goimage-operator benchmarks (make bench-build): a small
// HTTP catalogue service built on common public modules (cobra/viper, chi, zap, prometheus,
// validator, uuid, yaml), so that a build resolves and compiles a realistic dependency graph.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

func main() {
	if err := rootCommand().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func rootCommand() *cobra.Command {
	v := viper.New()
	v.SetEnvPrefix("CATALOG")
	v.AutomaticEnv()
	v.SetDefault("port", "8080")
	v.SetDefault("log-level", "info")
	v.SetDefault("seed", "")

	root := &cobra.Command{
		Use:           "catalog",
		Short:         "A small HTTP catalogue service",
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// PORT (no prefix) is what the images and hack/run-image.sh set.
			if p := os.Getenv("PORT"); p != "" && !cmd.Flags().Changed("port") {
				v.Set("port", p)
			}
			cfg, err := loadConfig(v)
			if err != nil {
				return err
			}
			return serve(cfg)
		},
	}
	root.Flags().String("port", "8080", "listen port")
	root.Flags().String("log-level", "info", "debug, info, warn or error")
	root.Flags().String("seed", "", "YAML file with the initial catalogue items")
	_ = v.BindPFlags(root.Flags())

	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), versionString())
		},
	})
	return root
}
